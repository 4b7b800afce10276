package org.hetabench.core.attribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.hetabench.core.util.Suggestions;

/** All methods found through {@link ServiceLoader}, by registry name. */
public final class MethodRegistry {
    private static volatile Map<String, AttributionMethod> methods;

    private MethodRegistry() {}

    private static Map<String, AttributionMethod> methods() {
        if (methods == null) {
            synchronized (MethodRegistry.class) {
                if (methods == null) {
                    List<AttributionMethod> list = new ArrayList<>();
                    ServiceLoader.load(AttributionMethod.class, MethodRegistry.class.getClassLoader()).forEach(list::add);
                    list.sort(Comparator.comparing(m -> m.info().name()));
                    Map<String, AttributionMethod> m = new LinkedHashMap<>();
                    for (AttributionMethod a : list) {
                        if (m.put(a.info().name(), a) != null) {
                            throw new IllegalStateException("two methods registered as " + a.info().name());
                        }
                    }
                    methods = Collections.unmodifiableMap(m);
                }
            }
        }
        return methods;
    }

    /** Every registered method, sorted by name. */
    public static List<AttributionMethod> all() {
        return List.copyOf(methods().values());
    }

    public static List<String> names() {
        return List.copyOf(methods().keySet());
    }

    /** The method called {@code name}; unknown names fail with a "did you mean". */
    public static AttributionMethod get(String name) {
        AttributionMethod m = methods().get(name);
        if (m == null) {
            throw new IllegalArgumentException("Unknown method '" + name + "'" + Suggestions.didYouMean(name, names())
                    + " Known: " + String.join(", ", names()));
        }
        return m;
    }
}
