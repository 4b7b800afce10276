package org.hetabench.core.attribution;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hetabench.core.util.Suggestions;

/**
 * Typed access to a method's raw {@code key=value} parameters. Keys may carry the method name as a
 * prefix ({@code heta.hvp.samples} or {@code hvp.samples}). {@link #finish()} rejects any key that was
 * not read, with a "did you mean".
 */
public final class ParamReader {
    private final String method;
    private final Map<String, String> raw;
    private final Set<String> known = new TreeSet<>();
    private final Set<String> used = new HashSet<>();

    public ParamReader(String method, Map<String, String> raw) {
        this.method = method;
        this.raw = raw;
    }

    private String lookup(String key) {
        known.add(key);
        String full = method + "." + key;
        if (raw.containsKey(full)) {
            used.add(full);
            return raw.get(full);
        }
        if (raw.containsKey(key)) {
            used.add(key);
            return raw.get(key);
        }
        return null;
    }

    private IllegalArgumentException bad(String key, String value, String allowed) {
        return new IllegalArgumentException("Parameter " + method + "." + key + "=" + value + " is invalid: " + allowed);
    }

    public String string(String key, String def) {
        String v = lookup(key);
        return v == null ? def : v.trim();
    }

    /** One of {@code allowed} (case-insensitive), returned as written in {@code allowed}. */
    public String choice(String key, String def, List<String> allowed) {
        String v = string(key, def);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw bad(key, v, "allowed values are " + allowed + Suggestions.didYouMean(v, allowed));
    }

    public int integer(String key, int def) {
        String v = lookup(key);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "expected an integer");
        }
    }

    public double real(String key, double def) {
        String v = lookup(key);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "expected a number");
        }
    }

    public boolean bool(String key, boolean def) {
        String v = lookup(key);
        if (v == null) {
            return def;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw bad(key, v, "expected true or false");
    }

    /** Throws if a parameter was given that this method does not read. */
    public void finish() {
        for (String k : raw.keySet()) {
            if (!used.contains(k)) {
                String bare = k.startsWith(method + ".") ? k.substring(method.length() + 1) : k;
                throw new IllegalArgumentException("Unknown parameter '" + k + "' for method '" + method + "'"
                        + Suggestions.didYouMean(bare, known) + " Known: " + known);
            }
        }
    }
}
