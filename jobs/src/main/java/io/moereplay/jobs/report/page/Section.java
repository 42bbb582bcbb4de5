package io.moereplay.jobs.report.page;

import java.io.IOException;

/** One part of the page: a heading and its HTML (text and inline SVG). */
interface Section {

    /** The HTML id, also what the browser test finds the section by. */
    String id();

    String title();

    /** The section's HTML, or a sentence saying why there is nothing to show (the stage did not run). */
    String html(Night night) throws IOException;
}
