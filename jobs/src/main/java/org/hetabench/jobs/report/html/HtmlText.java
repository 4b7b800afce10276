package org.hetabench.jobs.report.html;

/**
 * Text made safe for HTML. Token text comes from tokenizers and datasets and may contain markup
 * ({@code <script>}), entities, quotes, bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE, U+200F
 * RIGHT-TO-LEFT MARK) and invisible format characters. Markup characters are escaped; control, format
 * and separator characters are replaced by a visible {@code ⟨U+XXXX⟩} (newline, tab and carriage return
 * by ↵ ⇥ ␍) so that they can neither reorder the page nor hide from the reader.
 */
public final class HtmlText {
    private HtmlText() {}

    /** Escapes {@code & < > " '} for element content and quoted attribute values. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** True for code points shown as {@code ⟨U+XXXX⟩}: controls, format (bidi, zero-width), separators, unpaired surrogates. */
    public static boolean invisible(int cp) {
        if (cp == ' ') {
            return false;
        }
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.LINE_SEPARATOR
                || t == Character.PARAGRAPH_SEPARATOR || t == Character.SURROGATE || t == Character.PRIVATE_USE
                || t == Character.UNASSIGNED || (t == Character.SPACE_SEPARATOR && cp != ' ');
    }

    /**
     * Token text as plain, visible text: invisible code points become {@code ⟨U+XXXX⟩}, the empty token
     * becomes {@code ⟨empty⟩}. Not yet HTML-escaped.
     */
    public static String visible(String token) {
        if (token == null) {
            return "⟨null⟩";
        }
        if (token.isEmpty()) {
            return "⟨empty⟩";
        }
        StringBuilder sb = new StringBuilder(token.length());
        token.codePoints().forEach(cp -> {
            if (invisible(cp)) {
                sb.append(mark(cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /**
     * Token text as HTML element content: {@link #visible} then {@link #escape}, with each replaced code
     * point wrapped in {@code <span class="ctl">} so the page can style it apart from real text.
     */
    public static String token(String token) {
        if (token == null || token.isEmpty()) {
            return "<span class=\"ctl\">" + escape(visible(token)) + "</span>";
        }
        StringBuilder sb = new StringBuilder(token.length() + 16);
        StringBuilder run = new StringBuilder();
        token.codePoints().forEach(cp -> {
            if (invisible(cp)) {
                sb.append(escape(run.toString()));
                run.setLength(0);
                sb.append("<span class=\"ctl\">").append(mark(cp)).append("</span>");
            } else {
                run.appendCodePoint(cp);
            }
        });
        sb.append(escape(run.toString()));
        return sb.toString();
    }

    /** The visible stand-in of an invisible code point: ↵ ⇥ ␍ for newline, tab and carriage return, else ⟨U+XXXX⟩. */
    static String mark(int cp) {
        return switch (cp) {
            case '\n' -> "↵";
            case '\t' -> "⇥";
            case '\r' -> "␍";
            default -> String.format("⟨U+%04X⟩", cp);
        };
    }

    /** Text for a quoted attribute value: visible and escaped. */
    public static String attribute(String s) {
        return escape(visible(s));
    }
}
