package org.hetabench.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Checks on written report files: links that resolve on disk, images that decode. */
public final class ReportPages {
    private static final Pattern LINK = Pattern.compile("\\s(?:href|src)=\"([^\"]*)\"");

    private ReportPages() {}

    /** Every href/src value of a page, HTML entities of the attribute undone. */
    public static List<String> links(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            out.add(m.group(1).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&"));
        }
        return out;
    }

    /**
     * Asserts that every link of every HTML page under {@code dir} is relative and names an existing file
     * (fragments must name an id of the page). Returns the number of links checked.
     */
    public static int assertLinksResolve(Path dir) throws IOException {
        int n = 0;
        List<Path> pages;
        try (Stream<Path> s = Files.walk(dir)) {
            pages = s.filter(p -> p.toString().endsWith(".html")).toList();
        }
        for (Path page : pages) {
            String html = Files.readString(page);
            for (String link : links(html)) {
                n++;
                assertTrue(!link.contains("://") && !link.startsWith("//") && !link.startsWith("/"),
                        "non-relative link " + link + " in " + page);
                if (link.startsWith("#")) {
                    assertTrue(html.contains(" id=\"" + link.substring(1) + "\""), "dangling fragment " + link + " in " + page);
                    continue;
                }
                String path = URLDecoder.decode(link.split("#", 2)[0], StandardCharsets.UTF_8);
                Path target = page.getParent().resolve(path).normalize();
                assertTrue(target.startsWith(dir.normalize()), link + " in " + page + " leaves the report directory");
                assertTrue(Files.isRegularFile(target), "broken link " + link + " in " + page + " (no " + target + ")");
            }
        }
        return n;
    }

    /** A PNG that decodes with a positive size and an SVG that parses as XML with an svg root. */
    public static void assertImages(Path png, Path svg) throws Exception {
        assertTrue(png.toString().endsWith(".png") && svg.toString().endsWith(".svg"));
        assertTrue(Files.size(png) > 1000, png + " is " + Files.size(png) + " bytes");
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null && img.getWidth() > 0 && img.getHeight() > 0, png + " does not decode");
        assertTrue(Files.size(svg) > 1000, svg + " is " + Files.size(svg) + " bytes");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // The SVG's DOCTYPE may name an external DTD: never fetch it.
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
    }
}
