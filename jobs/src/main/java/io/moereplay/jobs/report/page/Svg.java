package io.moereplay.jobs.report.page;

import java.util.Locale;

/**
 * An inline SVG chart under construction. Every data mark (a bar, a cell, a point) carries the class
 * {@code mark} and a {@code <title>} with its exact values, which the browser shows as a tooltip and
 * the browser test counts; axes, labels and reference lines carry none.
 */
final class Svg {

    private final StringBuilder body = new StringBuilder();
    private final int width;
    private final int height;
    private final String label;

    /** @param label what the chart shows, for screen readers */
    Svg(int width, int height, String label) {
        this.width = width;
        this.height = height;
        this.label = label;
    }

    Svg mark(double x, double y, double w, double h, String fill, String title) {
        body.append(String.format(Locale.ROOT,
                "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%s</title></rect>",
                x, y, Math.max(w, 0.5), Math.max(h, 0.5), fill, escape(title)));
        return this;
    }

    Svg point(double cx, double cy, double r, String fill, String stroke, String title) {
        body.append(String.format(Locale.ROOT,
                "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\">"
                        + "<title>%s</title></circle>",
                cx, cy, r, fill, stroke, escape(title)));
        return this;
    }

    /** A legend's colour square: not a data mark. */
    Svg swatch(double x, double y, String fill) {
        body.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", x, y,
                fill));
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, String dash) {
        body.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>",
                x1, y1, x2, y2, stroke, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
        return this;
    }

    /** Text anchored at (x, y): {@code anchor} is start, middle or end; {@code degrees} rotates it about that point. */
    Svg text(double x, double y, String anchor, double degrees, String text) {
        body.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>", x, y, anchor,
                degrees == 0 ? "" : String.format(Locale.ROOT, " transform=\"rotate(%.0f %.1f %.1f)\"", degrees, x, y),
                escape(text)));
        return this;
    }

    String toSvg() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" + escape(label) + "\" width=\"" + width
                + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\">" + body + "</svg>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * A colour for {@code t} in [0, 1] from pale yellow (0) through orange to dark red (1): a
     * sequential scale that prints and reads for colour-blind viewers.
     */
    static String heat(double t) {
        double c = Math.max(0, Math.min(1, t));
        int r = (int) Math.round(255 - 120 * c * c);
        int g = (int) Math.round(247 - 227 * c);
        int b = (int) Math.round(200 - 170 * Math.sqrt(c));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, Math.max(b, 20));
    }

    static String fmt(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
