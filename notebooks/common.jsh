// Shared by every notebook: `%load common.jsh` after `%jar target/lib`.
// Finds the nightly output, opens DuckDB, runs SQL into a small table, shows and saves charts.
import java.nio.file.*;
import java.sql.*;
import java.util.stream.*;
import java.awt.Color;
import org.knowm.xchart.*;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.lines.SeriesLines;
// The report's scaling rules (jobs/src/main/java/io/moereplay/jobs/report/page), from the moe-replay jobs jar
// that run.sh puts in target/lib: which labels to print, the heatmap's columns, axes fitted to the data.
import io.moereplay.jobs.report.page.AxisLabels;
import io.moereplay.jobs.report.page.HeatmapColumns;
import io.moereplay.jobs.report.page.ValueAxis;

// The nightly output root (holds date=YYYY-MM-DD/ partitions); run.sh sets MOE_REPLAY_NIGHTLY.
Path NIGHTLY = Optional.ofNullable(System.getenv("MOE_REPLAY_NIGHTLY")).map(Path::of)
    .orElseThrow(() -> new IllegalStateException("set MOE_REPLAY_NIGHTLY to a nightly output directory"));

// Complete nights: date=* partitions whose _manifest.json exists, oldest first.
List<Path> NIGHTS;
try (Stream<Path> s = Files.list(NIGHTLY)) {
    NIGHTS = s.filter(p -> p.getFileName().toString().startsWith("date="))
              .filter(p -> Files.isRegularFile(p.resolve("_manifest.json")))
              .sorted().collect(Collectors.toList());
}
if (NIGHTS.isEmpty()) throw new IllegalStateException("no date=*/_manifest.json under " + NIGHTLY);
Path LATEST = NIGHTS.get(NIGHTS.size() - 1);
String LATEST_DATE = LATEST.getFileName().toString().substring("date=".length());

// read_parquet over one table of the latest night, e.g. pq("hotness/expert_hotness").
String pq(String table) {
    return "read_parquet('" + LATEST.resolve(table) + "/*.parquet')";
}
// The same table over every complete night that has it; the partition's date becomes column `date`.
String pqAll(String table) {
    String files = NIGHTS.stream().filter(n -> Files.isDirectory(n.resolve(table)))
        .map(n -> "'" + n.resolve(table) + "/*.parquet'").collect(Collectors.joining(", "));
    return "read_parquet([" + files + "], hive_partitioning = true)";
}

Connection DB = DriverManager.getConnection("jdbc:duckdb:");

// A query result: column names and rows, with typed column accessors for charts.
class Rows {
    final List<String> cols = new ArrayList<>();
    final List<Object[]> rows = new ArrayList<>();
    int size() { return rows.size(); }
    int idx(String c) { int i = cols.indexOf(c); if (i < 0) throw new IllegalArgumentException("no column " + c + " in " + cols); return i; }
    Object get(int r, String c) { return rows.get(r)[idx(c)]; }
    List<Double> dbl(String c) { int i = idx(c); return rows.stream().map(r -> r[i] == null ? null : ((Number) r[i]).doubleValue()).collect(Collectors.toList()); }
    List<String> str(String c) { int i = idx(c); return rows.stream().map(r -> String.valueOf(r[i])).collect(Collectors.toList()); }
    Rows where(String c, Object v) { Rows o = new Rows(); o.cols.addAll(cols); int i = idx(c); rows.stream().filter(r -> Objects.equals(String.valueOf(r[i]), String.valueOf(v))).forEach(o.rows::add); return o; }
    // distinct values of a column, in row order
    List<String> distinct(String c) { return str(c).stream().distinct().collect(Collectors.toList()); }
    public String toString() {
        StringBuilder b = new StringBuilder(String.join(" | ", cols)).append('\n');
        for (Object[] r : rows) b.append(Arrays.stream(r).map(v -> v instanceof Double d ? String.format("%.4g", d) : String.valueOf(v)).collect(Collectors.joining(" | "))).append('\n');
        return b.toString();
    }
}

Rows query(String sql) {
    try (Statement st = DB.createStatement(); ResultSet rs = st.executeQuery(sql)) {
        Rows out = new Rows();
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) out.cols.add(md.getColumnLabel(i));
        while (rs.next()) {
            Object[] r = new Object[out.cols.size()];
            for (int i = 0; i < r.length; i++) r[i] = rs.getObject(i + 1);
            out.rows.add(r);
        }
        return out;
    } catch (SQLException e) {
        throw new RuntimeException(e.getMessage() + "\n" + sql, e);
    }
}

// Consistent look for every chart.
<T extends org.knowm.xchart.internal.chartpart.Chart<?, ?>> T styled(T chart) {
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 16));
    chart.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
    return chart;
}

// Values of a column in first-seen row order; sorted numerically when they are all numbers.
List<String> axis(Rows r, String col) {
    List<String> v = r.distinct(col);
    if (v.stream().allMatch(x -> x.matches("-?\\d+(\\.\\d+)?"))) v.sort(Comparator.comparingDouble(Double::parseDouble));
    return v;
}

// The layers x experts cells as the report draws them (HeatmapColumns): up to 64 experts a column per expert id;
// past that (DeepSeek-V3's 256) columns are load ranks within the layer, ranks past 16 in equal buckets, each
// cell the bucket's mean. Returns rows (column, layer, valueCol), columns in order.
Rows expertColumns(Rows r, String valueCol) {
    HeatmapColumns columns = HeatmapColumns.of(axis(r, "expert").size());
    Rows out = new Rows();
    out.cols.addAll(List.of("column", "layer", valueCol));
    for (String layer : axis(r, "layer")) {
        Rows l = r.where("layer", layer);
        List<Integer> order = IntStream.range(0, l.size()).boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -l.dbl(valueCol).get(i))).collect(Collectors.toList());
        double[] sum = new double[columns.columns().size()];
        int[] count = new int[sum.length];
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            int c = columns.indexOf(columns.byRank() ? k + 1 : Integer.parseInt(l.str("expert").get(i)));
            sum[c] += l.dbl(valueCol).get(i);
            count[c]++;
        }
        for (int c = 0; c < sum.length; c++)
            out.rows.add(new Object[] { columns.columns().get(c).label(), Integer.parseInt(layer), count[c] == 0 ? 0.0 : sum[c] / count[c] });
    }
    return out;
}

// A heatmap of one value per (x, y) cell. Cells share about 1200 x 900 px (8 to 60 px wide, 8 to 40 px high) as in
// the report, labels thin out so they never overlap, and each cell shows its value (DecimalFormat pattern) only
// where the cell is big enough to hold it.
HeatMapChart heatmap(String title, String xTitle, String yTitle, Rows r, String xCol, String yCol, String valueCol, String pattern) {
    List<String> xs = axis(r, xCol), ys = axis(r, yCol), x = r.str(xCol), y = r.str(yCol);
    List<Double> v = r.dbl(valueCol);
    List<Number[]> cells = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) cells.add(new Number[] { xs.indexOf(x.get(i)), ys.indexOf(y.get(i)), v.get(i) });
    int cellW = Math.max(8, Math.min(60, 1200 / xs.size())), cellH = Math.max(8, Math.min(40, 900 / ys.size()));
    HeatMapChart c = styled(new HeatMapChartBuilder().width(250 + cellW * xs.size()).height(160 + cellH * ys.size())
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build());
    c.getStyler().setShowValue(cellW >= 36 && cellH >= 18);
    c.getStyler().setHeatMapValueDecimalPattern(pattern);
    c.getStyler().setRangeColors(new Color[] { new Color(255, 255, 255), new Color(253, 174, 97), new Color(215, 25, 28) });
    c.getStyler().setPlotContentSize(1.0);
    // colour scale from 0 to a round maximum, so the legend reads e.g. 0 .. 30
    double max = v.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(1.0);
    double step = Math.pow(10, Math.floor(Math.log10(max)) - 1);
    c.getStyler().setMin(0.0);
    c.getStyler().setMax(Double.parseDouble(String.format("%.3g", Math.ceil(max / step) * step)));
    c.addSeries(valueCol, thinned(xs, cellW, 8 * xs.stream().mapToInt(String::length).max().orElse(1) + 6), thinned(ys, cellH, 14), cells);
    return c;
}

// A heatmap's category labels with only every n-th shown (AxisLabels.every); the others are distinct invisible
// strings, since XChart's heatmap puts a label on every category and drops some of its own when they collide.
List<String> thinned(List<String> labels, double pitchPx, double minGapPx) {
    int every = AxisLabels.every(pitchPx, minGapPx);
    return IntStream.range(0, labels.size()).mapToObj(i -> i % every == 0 ? labels.get(i) : "\u200B".repeat(i + 1))
        .collect(Collectors.toList());
}

// A category chart over MoE layers (numbers), its layer labels thinned as the report's balancedness bars are.
CategoryChart layerChart(int width, int height, String title, String yTitle, int layers) {
    CategoryChart c = styled(new CategoryChartBuilder().width(width).height(height).title(title)
        .xAxisTitle("MoE layer").yAxisTitle(yTitle).build());
    c.getStyler().setXAxisLabelRotation(0);
    // every n-th layer's label (AxisLabels.every), as on the report's balancedness bars
    int every = AxisLabels.every((width - 120.0) / layers, 22);
    c.getStyler().setxAxisTickLabelsFormattingFunction(v -> Math.round(v) % every == 0 ? Long.toString(Math.round(v)) : "");
    return c;
}

// Integer layer numbers of a column, for a layerChart's categories.
List<Integer> layers(Rows r) {
    return r.str("layer").stream().map(Integer::valueOf).collect(Collectors.toList());
}

// Show a chart inline and save it as NAME.png in MOE_REPLAY_CHARTS, by default target/charts/ beside the
// notebook (the kernel runs in the notebook's folder): never over the PNGs committed with the notebooks.
Path CHARTS = Path.of(Optional.ofNullable(System.getenv("MOE_REPLAY_CHARTS")).orElse("target/charts")).toAbsolutePath();

void show(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String name) {
    try {
        Files.createDirectories(CHARTS);
        BitmapEncoder.saveBitmap(chart, CHARTS.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
    }
    display(BitmapEncoder.getBufferedImage(chart));
    System.out.println("saved " + CHARTS.resolve(name + ".png"));
}

System.out.println("nightly " + NIGHTLY + ": complete nights " + NIGHTS.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()) + ", latest " + LATEST_DATE);
