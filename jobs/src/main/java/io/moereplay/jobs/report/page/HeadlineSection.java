package io.moereplay.jobs.report.page;

import com.fasterxml.jackson.databind.JsonNode;

/** The night's headline, as the console printed it: one line per stage, then the drift. */
final class HeadlineSection implements Section {

    @Override
    public String id() {
        return "headline";
    }

    @Override
    public String title() {
        return "Headlines";
    }

    @Override
    public String html(Night night) {
        JsonNode headline = night.manifest().path("headline");
        StringBuilder html = new StringBuilder("<ul class=\"headline\">");
        StringBuilder item = null;
        for (String line : headline.asText("").split("\n")) {
            // A stage's line starts "stage: "; a line that does not continues the stage above (one per deployment).
            int colon = line.indexOf(": ");
            String stage = colon > 0 && !line.startsWith(" ") ? line.substring(0, colon) : "";
            if (stage.matches("[a-z]+( since [0-9-]+)?") || item == null) {
                close(html, item);
                item = new StringBuilder("<li><b>").append(Svg.escape(stage)).append("</b> ")
                        .append(Svg.escape(stage.isEmpty() ? line : line.substring(colon + 2)));
            } else {
                item.append("<br>").append(Svg.escape(line.strip()));
            }
        }
        close(html, item);
        return html.append("</ul>").toString();
    }

    private static void close(StringBuilder html, StringBuilder item) {
        if (item != null) {
            html.append(item).append("</li>");
        }
    }
}
