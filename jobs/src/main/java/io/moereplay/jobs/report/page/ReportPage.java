package io.moereplay.jobs.report.page;

import java.io.IOException;
import java.util.List;

/** The page: a title, a table of contents, then each section in order of what a reader looks at first. */
final class ReportPage {

    static final List<Section> SECTIONS = List.of(new HeadlineSection(), new BalanceSection(), new TopExpertsSection(),
            new HeatmapSection(), new TbtSection(), new ParetoSection(), new PlacementSection(), new TrendSection());

    private static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1340px}"
            + "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #ddd}"
            + "nav a{margin-right:14px}svg{display:block;margin:6px 0}svg text{font-size:11px;fill:#333}"
            + "ul.headline li{margin:4px 0}ol.legend li.recommended{color:#1a7f37}.sentence{font-weight:600}"
            + ".row{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-size:12px;max-width:420px}"
            + ".meta{color:#666}";

    private ReportPage() {}

    static String html(Night night) throws IOException {
        String date = night.manifest().path("date").asText("");
        String model = night.manifest().path("config").path("model").asText("");
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>moe-replay night ").append(Svg.escape(date)).append("</title><style>").append(STYLE)
                .append("</style></head><body><h1>moe-replay night of ").append(Svg.escape(date)).append("</h1>")
                .append("<p class=\"meta\">").append(Svg.escape(model.isEmpty() ? "" : "model " + model + "; "))
                .append(Svg.escape(night.partition().toString())).append("</p><nav>");
        for (Section section : SECTIONS) {
            html.append("<a href=\"#").append(section.id()).append("\">").append(Svg.escape(section.title())).append("</a>");
        }
        html.append("</nav>");
        for (Section section : SECTIONS) {
            html.append("<section id=\"").append(section.id()).append("\"><h2>").append(Svg.escape(section.title()))
                    .append("</h2>").append(section.html(night)).append("</section>");
        }
        return html.append("</body></html>\n").toString();
    }
}
