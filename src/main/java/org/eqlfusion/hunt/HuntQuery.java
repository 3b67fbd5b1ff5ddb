package org.eqlfusion.hunt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eqlfusion.drl.CatalogueCompiler;
import org.eqlfusion.drl.DrlGenerator;
import org.eqlfusion.drl.UnsupportedQueryException;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.eql.ast.Expr;
import org.eqlfusion.eql.ast.Query;
import org.eqlfusion.eql.ast.Statement;
import org.eqlfusion.eql.check.QueryChecker;
import org.eqlfusion.eql.parser.EqlParsing;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.Schema;
import org.eqlfusion.rules.RuleDefinition;
import org.kie.api.KieBase;

/**
 * An ad hoc EQL query, as an analyst types it in Kibana's Timeline or sends to {@code _eql/search}:
 * its query compiled as a rule would be, its pipes kept apart as the {@link ResultWindow}, and what
 * a match looks like as a result (its missing-event slots, its join keys, its place in the order).
 */
public final class HuntQuery {

    private final String name;
    private final Statement statement;
    /** The DRL of its rules: one file, or one per filter of a sample with several samples per key. */
    private final List<String> drl;
    /** How many samples a join key may give (Elasticsearch's {@code max_samples_per_key}). */
    private final int samplesPerKey;

    private HuntQuery(String name, Statement statement, List<String> drl, int samplesPerKey) {
        this.name = name;
        this.statement = statement;
        this.drl = List.copyOf(drl);
        this.samplesPerKey = samplesPerKey;
    }

    /**
     * Parses, checks and compiles {@code text}.
     *
     * @throws org.eqlfusion.eql.parser.EqlException     when it is not valid EQL (line:column and a caret)
     * @throws UnsupportedQueryException when it is valid EQL the engine cannot run
     */
    public static HuntQuery of(String text) {
        return of("hunt", text, 1);
    }

    /**
     * As {@link #of(String)}, its rule named {@code name} (its DRL rules then have names of their
     * own, and several queries can share one KieBase: Elasticsearch's conformance suite does), a
     * {@code sample} giving up to {@code samplesPerKey} samples per join key
     * (Elasticsearch's {@code max_samples_per_key}; other queries take no notice).
     */
    public static HuntQuery of(String name, String text, int samplesPerKey) {
        if (samplesPerKey < 1) {
            throw new IllegalArgumentException("max samples per key must be at least 1, not " + samplesPerKey);
        }
        Statement statement = QueryChecker.check(text, EqlParsing.parse(text));
        List<String> drl = new ArrayList<>();
        if (statement.query() instanceof Query.Sample sample && samplesPerKey > 1) {
            // each filter an event query; the samples are the combinations of their events per key
            for (int i = 0; i < sample.stages().size(); i++) {
                drl.add(DrlGenerator.generate(RuleDefinition.ofQuery(filterRuleId(name, i), text),
                        new Statement(sample.stages().get(i).filter(), List.of())));
            }
        } else {
            drl.add(DrlGenerator.generate(RuleDefinition.ofQuery(name, text), new Statement(statement.query(), List.of())));
        }
        return new HuntQuery(name, statement, drl, samplesPerKey);
    }

    private static String filterRuleId(String name, int filter) {
        return name + " filter " + (filter + 1);
    }

    /** The name it was given. */
    public String name() {
        return name;
    }

    /** The rule_ids of its rules: matches with them are this query's. */
    public List<String> ruleIds() {
        if (drl.size() == 1) {
            return List.of(name);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < drl.size(); i++) {
            ids.add(filterRuleId(name, i));
        }
        return ids;
    }

    /** The DRL its query became (without the pipes, which pick among results afterwards), a file per entry. */
    public List<String> drl() {
        return drl;
    }

    /** Its pipes, every result they leave. */
    public ResultWindow window() {
        return ResultWindow.of(statement);
    }

    /**
     * Builds the KieBase of its rules and the state machine sequences share.
     *
     * @throws UnsupportedQueryException when Drools refuses the DRL (a gap of the compiler: the
     *                                   same query in a rule is refused the same way)
     */
    KieBase kieBase() {
        Map<String, String> files = new java.util.HashMap<>();
        for (int i = 0; i < drl.size(); i++) {
            files.put("hunt/query" + i + ".drl", drl.get(i));
        }
        files.put(DrlGenerator.SEQUENCES_DRL, CatalogueCompiler.sequencesDrl());
        DrlBuild.Result built = DrlBuild.build(files);
        if (!built.errors().isEmpty()) {
            throw new UnsupportedQueryException("drools", "Drools refused the query's DRL: "
                    + built.errors().values().iterator().next().get(0));
        }
        return built.kieBase();
    }

    /** Where its matches are gathered into results. */
    public HuntResults results() {
        return new HuntResults(this, drl.size() > 1
                ? new SampleCombinations((Query.Sample) statement.query(), samplesPerKey) : null);
    }

    /** A match of its rule as a result: missing-event slots filled with null. */
    HuntMatch result(List<EcsEvent> present, List<Object> joinKeys) {
        if (statement.query() instanceof Query.Sequence sequence) {
            List<EcsEvent> slots = new ArrayList<>();
            int next = 0;
            for (Query.Stage stage : sequence.stages()) {
                for (int run = 0; run < stage.runs(); run++) {
                    slots.add(stage.missing() ? null : present.get(next++));
                }
            }
            return new HuntMatch(slots, joinKeys, false);
        }
        return new HuntMatch(present, joinKeys, statement.query() instanceof Query.EventFilter);
    }

    /**
     * A sample's join keys as Elasticsearch prints them: a date as epoch milliseconds (a sequence's
     * date keys stay ISO-8601, as it prints those). Other results as they are.
     */
    HuntMatch presented(HuntMatch match) {
        if (!(statement.query() instanceof Query.Sample sample)) {
            return match;
        }
        List<Expr> fields = new ArrayList<>(sample.by());
        fields.addAll(sample.stages().get(0).by());
        EcsEvent first = match.events().get(0);
        List<Object> keys = new ArrayList<>(match.joinKeys());
        for (int i = 0; i < keys.size() && i < fields.size(); i++) {
            if (keys.get(i) instanceof String text && first.schemaTypeOf(((Expr.Field) fields.get(i)).name()) == Schema.Type.DATE) {
                try {
                    keys.set(i, java.time.Instant.parse(text).toEpochMilli());
                } catch (java.time.format.DateTimeParseException notADate) {
                    // kept as it came (see DateField)
                }
            }
        }
        return new HuntMatch(match.events(), keys, match.event());
    }

    /**
     * Elasticsearch's order of results: events, and sequences by the event that completed them,
     * ascending in (@timestamp, tiebreaker, arrival); samples by their join keys, ascending, a missing key first.
     */
    Comparator<HuntMatch> order() {
        Comparator<HuntMatch> byLastEvent = Comparator.comparing(HuntMatch::last, HuntMatch.TIME_ORDER);
        if (statement.query() instanceof Query.Sample) {
            return ((Comparator<HuntMatch>) HuntQuery::compareKeys).thenComparing(byLastEvent);
        }
        return byLastEvent;
    }

    private static int compareKeys(HuntMatch a, HuntMatch b) {
        for (int i = 0; i < a.joinKeys().size(); i++) {
            int c = compareKey(a.joinKeys().get(i), b.joinKeys().get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareKey(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return a.toString().compareTo(b.toString());
    }
}
