package io.moereplay.jobs.report.page;

import java.util.ArrayList;
import java.util.List;

/**
 * Where to put each point's short label so that labels overlap neither one another nor the
 * points: the first free spot of right, left, above, below, then further out to the right and
 * down. Boxes are in SVG pixels; a label's spot is its text's start and baseline.
 */
final class LabelSpots {

    /** A label's text start and baseline. */
    record Spot(double x, double y) {}

    private record Box(double left, double top, double right, double bottom) {
        boolean overlaps(Box other) {
            return left < other.right && other.left < right && top < other.bottom && other.top < bottom;
        }
    }

    private static final double GAP = 10;

    private final List<Box> taken = new ArrayList<>();

    /** Keeps labels off a point of radius {@code r} at (cx, cy). */
    void avoidPoint(double cx, double cy, double r) {
        avoidArea(cx - r, cy - r, cx + r, cy + r);
    }

    /** Keeps labels off a rectangle (another text). */
    void avoidArea(double left, double top, double right, double bottom) {
        taken.add(new Box(left, top, right, bottom));
    }

    /** The spot for a label of {@code width} x {@code height} px beside the point at (cx, cy); the spot is then taken. */
    Spot place(double cx, double cy, double width, double height) {
        double across = GAP + width / 2;
        double down = GAP + height / 2;
        // the label box's centre, relative to the point: right, left, above, below, then the diagonals
        double[][] centres = {{across, 0}, {-across, 0}, {0, -down}, {0, down},
                {across, down}, {across, -down}, {-across, down}, {-across, -down}};
        for (int ring = 1; ring <= 4; ring++) {
            for (double[] centre : centres) {
                Box box = box(cx + centre[0] * ring, cy + centre[1] * ring, width, height);
                if (taken.stream().noneMatch(box::overlaps)) {
                    return take(box);
                }
            }
        }
        // nowhere free near the point (dozens of candidates in one spot): to its right, overlapping
        return take(box(cx + across, cy, width, height));
    }

    private static Box box(double centreX, double centreY, double width, double height) {
        return new Box(centreX - width / 2, centreY - height / 2, centreX + width / 2, centreY + height / 2);
    }

    private Spot take(Box box) {
        taken.add(box);
        return new Spot(box.left(), box.bottom() - 1);
    }
}
