import java.sql.*;
public class Q { public static void main(String[] a) throws Exception {
  try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement(); ResultSet r = s.executeQuery(a[0])) {
    int n = r.getMetaData().getColumnCount(); StringBuilder h = new StringBuilder();
    for (int i=1;i<=n;i++) h.append(r.getMetaData().getColumnName(i)).append(i<n?" | ":""); System.out.println(h);
    while (r.next()) { StringBuilder b = new StringBuilder(); for (int i=1;i<=n;i++) b.append(r.getString(i)).append(i<n?" | ":""); System.out.println(b);} } } }
