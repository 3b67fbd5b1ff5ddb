package org.eqlfusion.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures read from the server's {@code /metrics} (Prometheus' text format) as {@code load} scrapes
 * it before and after a run: a counter's value, the sum of a metric's series, and the alert
 * latency histogram's quantiles and shares over the alerts between two scrapes.
 */
final class MetricsScrape {

    private MetricsScrape() {
    }

    /** How much a counter rose between two scrapes. */
    static long increase(String before, String after, String name) {
        return number(after, name) - number(before, name);
    }

    /** How much the sum of a metric's series rose between two scrapes. */
    static double totalIncrease(String before, String after, String name) {
        return total(after, name) - total(before, name);
    }

    /** The sum of every series of metric {@code name}, whatever its labels (0 when there is none). */
    private static double total(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    static long number(String metrics, String name) {
        String v = value(metrics, name);
        return v == null ? 0 : (long) Double.parseDouble(v);
    }

    private static String value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        return m.find() ? m.group(1) : null;
    }

    /**
     * The upper bound of the histogram bucket the quantile falls in (as Prometheus' histogram_quantile
     * bounds it), over the alerts between the two scrapes.
     */
    static double quantile(String before, String after, double q) {
        List<double[]> buckets = buckets(after);
        List<double[]> earlier = buckets(before);
        for (int i = 0; i < buckets.size() && i < earlier.size(); i++) {
            buckets.get(i)[1] -= earlier.get(i)[1];
        }
        if (buckets.isEmpty()) {
            return Double.NaN;
        }
        double total = buckets.get(buckets.size() - 1)[1];
        for (double[] b : buckets) {
            if (b[1] >= q * total) {
                return b[0];
            }
        }
        return Double.NaN;
    }

    /** The share of this run's alerts whose latency is at most {@code seconds} (a bucket bound). */
    static double share(String before, String after, double seconds) {
        List<double[]> buckets = buckets(after);
        List<double[]> earlier = buckets(before);
        double total = 0;
        double within = 0;
        for (int i = 0; i < buckets.size(); i++) {
            double count = buckets.get(i)[1] - (i < earlier.size() ? earlier.get(i)[1] : 0);
            if (buckets.get(i)[0] == Double.POSITIVE_INFINITY) {
                total = count;
            } else if (Math.abs(buckets.get(i)[0] - seconds) < 1e-9) {
                within = count;
            }
        }
        return total == 0 ? Double.NaN : within / total;
    }

    private static List<double[]> buckets(String metrics) {
        Matcher m = Pattern.compile("(?m)^eqlfusion_alert_latency_seconds_bucket\\{le=\"([^\"]+)\"\\} (\\S+)$").matcher(metrics);
        List<double[]> buckets = new ArrayList<>();
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            buckets.add(new double[] {le, Double.parseDouble(m.group(2))});
        }
        return buckets;
    }
}
