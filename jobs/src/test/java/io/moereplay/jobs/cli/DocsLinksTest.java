package io.moereplay.jobs.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in README.md and docs/ resolves: the file exists, and an {@code #anchor} names a
 * heading of that page (GitHub's slugs). Links in code blocks and to other sites are not checked.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*$");

    @Test
    void everyLinkInTheDocsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : DocCommands.pages(DocsCommandsTest.REPO)) {
            Path file = DocsCommandsTest.REPO.resolve(page);
            for (String target : links(Files.readAllLines(file))) {
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                links++;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
                Path linked = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                if (!Files.exists(linked)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (!anchor.isEmpty() && !anchors(linked).contains(anchor)) {
                    broken.add(page + ": " + target + " (no heading #" + anchor + " in " + DocsCommandsTest.REPO.relativize(linked) + ")");
                }
            }
        }
        assertThat(broken).as("links in README.md and docs/ that lead nowhere").isEmpty();
        assertThat(links).as("relative links checked").isGreaterThan(40);
    }

    @Test
    void headingsGetGitHubsAnchors() {
        assertThat(slug("Back to your engine")).isEqualTo("back-to-your-engine");
        assertThat(slug("JSON files you write")).isEqualTo("json-files-you-write");
        assertThat(slug("`drift`: night over night")).isEqualTo("drift-night-over-night");
        assertThat(slug("Bad input, exactly once, and the commit protocol")).isEqualTo("bad-input-exactly-once-and-the-commit-protocol");
    }

    /** The link targets of a page, outside code blocks. */
    private static List<String> links(List<String> lines) {
        List<String> targets = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                inBlock = !inBlock;
            } else if (!inBlock) {
                Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", ""));
                while (link.find()) {
                    targets.add(link.group(1));
                }
            }
        }
        return targets;
    }

    private static Set<String> anchors(Path page) throws IOException {
        if (!page.toString().endsWith(".md")) {
            return Set.of();
        }
        return Files.readAllLines(page).stream().map(HEADING::matcher).filter(Matcher::matches)
                .map(heading -> slug(heading.group(1))).collect(Collectors.toSet());
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
