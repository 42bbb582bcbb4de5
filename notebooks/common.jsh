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

// A heatmap of one value per (x, y) cell, each cell labelled with its value (DecimalFormat pattern).
HeatMapChart heatmap(String title, String xTitle, String yTitle, Rows r, String xCol, String yCol, String valueCol, String pattern) {
    List<String> xs = axis(r, xCol), ys = axis(r, yCol), x = r.str(xCol), y = r.str(yCol);
    List<Double> v = r.dbl(valueCol);
    List<Number[]> cells = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) cells.add(new Number[] { xs.indexOf(x.get(i)), ys.indexOf(y.get(i)), v.get(i) });
    HeatMapChart c = styled(new HeatMapChartBuilder().width(Math.max(700, 90 + 60 * xs.size())).height(Math.max(360, 120 + 40 * ys.size()))
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build());
    c.getStyler().setShowValue(true);
    c.getStyler().setHeatMapValueDecimalPattern(pattern);
    c.getStyler().setRangeColors(new Color[] { new Color(255, 255, 255), new Color(253, 174, 97), new Color(215, 25, 28) });
    c.getStyler().setPlotContentSize(1.0);
    if (xs.stream().anyMatch(l -> l.length() > 4)) c.getStyler().setXAxisLabelRotation(45);
    // colour scale from 0 to a round maximum, so the legend reads e.g. 0 .. 30
    double max = v.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(1.0);
    double step = Math.pow(10, Math.floor(Math.log10(max)) - 1);
    c.getStyler().setMin(0.0);
    c.getStyler().setMax(Double.parseDouble(String.format("%.3g", Math.ceil(max / step) * step)));
    c.addSeries(valueCol, xs, ys, cells);
    return c;
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
