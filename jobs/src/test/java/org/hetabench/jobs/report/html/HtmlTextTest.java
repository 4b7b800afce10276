package org.hetabench.jobs.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Escaping and neutralisation of token text. */
class HtmlTextTest {
    @Test
    void escapesMarkupEntitiesAndQuotes() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
                HtmlText.escape("<a href=\"x\" title='y'>&amp;</a>"));
    }

    @Test
    void bidiZeroWidthAndControlCharactersBecomeVisible() {
        assertEquals("a⟨U+202E⟩b⟨U+200F⟩c⟨U+200B⟩d↵⇥␍⟨U+0000⟩⟨U+2066⟩⟨U+FEFF⟩", HtmlText.visible(
                "a\u202Eb\u200Fc\u200Bd\n\t\r\u0000\u2066\uFEFF"));
        assertEquals("x<span class=\"ctl\">⟨U+202E⟩</span>&lt;y&gt;", HtmlText.token("x\u202E<y>"));
    }

    @Test
    void ordinaryTextIncludingRightToLeftLettersAndSpacesIsKept() {
        assertEquals(" שלום world é", HtmlText.visible(" שלום world é"));
    }

    @Test
    void emptyAndNullTokensAreShown() {
        assertEquals("<span class=\"ctl\">⟨empty⟩</span>", HtmlText.token(""));
        assertEquals("⟨null⟩", HtmlText.visible(null));
    }

    @Test
    void supplementaryCharactersSurviveAndLoneSurrogatesDoNot() {
        assertEquals("😀", HtmlText.visible("😀"));
        assertEquals("⟨U+D800⟩", HtmlText.visible("\uD800"));
    }
}
