package io.moereplay.jobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The part of a doc page that a command prints, between {@code <!-- NAME:begin -->} and
 * {@code <!-- NAME:end -->}: the tests hold it equal to what the command prints now.
 */
final class GeneratedDocSection {

    private GeneratedDocSection() {}

    /** The section's text; fails when the page lacks its begin marker. */
    static String of(String page, String name) throws IOException {
        String text = Files.readString(Path.of("..", page));
        String beginMarker = "<!-- " + name + ":begin -->\n";
        int begin = text.indexOf(beginMarker);
        int end = text.indexOf("<!-- " + name + ":end -->");
        assertThat(begin).as(name + " markers in " + page).isNotNegative();
        return text.substring(begin + beginMarker.length(), end);
    }
}
