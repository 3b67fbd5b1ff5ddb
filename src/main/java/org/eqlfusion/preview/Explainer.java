package org.eqlfusion.preview;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.eqlfusion.event.EcsEvent;
import org.mvel2.MVEL;
import org.mvel2.ParserContext;

/**
 * The analyst's "why didn't this fire?": for one event, each rule pattern over {@code EcsEvent}
 * in a DRL file (a sequence stage, an event rule), each of its conditions, whether it held, and
 * the values of the fields it reads. Conditions are evaluated one by one, as written in the DRL
 * (the compiler writes one per EQL comparison), with MVEL against the event.
 */
public final class Explainer {

    /** One condition: its DRL text, whether it held for the event, and the fields it read with their values. */
    public record Condition(String condition, boolean held, Map<String, Object> values, String error) {
    }

    /** One rule's pattern over the event: it matched when every condition held. */
    public record Stage(String rule, boolean matched, List<Condition> conditions, String joinKeys) {
    }

    /** A condition method and its first string argument: the field it reads (for category(), the value it wants). */
    private static final Pattern FIELD = Pattern.compile("(\\w+)\\(\\s*\"([^\"\\\\]+)\"");
    private static final Pattern KEYS = Pattern.compile("keys\\(([^)]*)\\)");

    private final List<RulePattern> patterns = new ArrayList<>();

    private record RulePattern(String rule, List<String> constraints, List<Serializable> compiled, String keys) {
    }

    /** @param drl one rule file's DRL (a TOML rule's compiler output) */
    public Explainer(String drl) {
        PackageDescr pkg;
        try {
            pkg = new DrlParser().parse(false, drl);
        } catch (DroolsParserException e) {
            throw new IllegalArgumentException("the DRL does not parse: " + e.getMessage(), e);
        }
        ParserContext context = new ParserContext();
        for (ImportDescr imp : pkg.getImports()) {
            String target = imp.getTarget();
            if (!target.endsWith(".*")) {
                try {
                    context.addImport(Class.forName(target, false, Explainer.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    // an import the explanation does not need
                }
            }
        }
        for (RuleDescr rule : pkg.getRules()) {
            for (BaseDescr d : rule.getLhs().getDescrs()) {
                if (d instanceof PatternDescr p && p.getObjectType().endsWith("EcsEvent")
                        && (p.getSource() == null || p.getSource() instanceof EntryPointDescr)) {
                    List<String> texts = new ArrayList<>();
                    List<Serializable> compiled = new ArrayList<>();
                    for (BaseDescr c : p.getConstraint().getDescrs()) {
                        if (c instanceof ExprConstraintDescr expr) {
                            texts.add(expr.getExpression());
                            compiled.add(MVEL.compileExpression(expr.getExpression(), context));
                        }
                    }
                    Matcher keys = KEYS.matcher(keySources(rule));
                    patterns.add(new RulePattern(rule.getName(), texts, compiled, keys.find() ? keys.group(1) : null));
                }
            }
        }
    }

    public List<Stage> explain(EcsEvent event) {
        List<Stage> stages = new ArrayList<>();
        for (RulePattern p : patterns) {
            List<Condition> conditions = new ArrayList<>();
            boolean all = true;
            for (int i = 0; i < p.constraints().size(); i++) {
                String text = p.constraints().get(i);
                Map<String, Object> values = new LinkedHashMap<>();
                Matcher m = FIELD.matcher(text);
                while (m.find()) {
                    String field = m.group(1).equals("category") ? "event.category" : m.group(2);
                    values.put(field, event.get(field));
                }
                boolean held;
                String error = null;
                try {
                    held = Boolean.TRUE.equals(MVEL.executeExpression(p.compiled().get(i), event));
                } catch (RuntimeException e) {
                    held = false;
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                all &= held;
                conditions.add(new Condition(text, held, values, error));
            }
            stages.add(new Stage(p.rule(), all, conditions, p.keys()));
        }
        return stages;
    }

    /** The text of the rule's {@code from} sources: where a sequence stage computes its join key. */
    private static String keySources(RuleDescr rule) {
        StringBuilder s = new StringBuilder();
        for (BaseDescr d : rule.getLhs().getDescrs()) {
            if (d instanceof PatternDescr p && p.getSource() != null && p.getSource().getText() != null) {
                s.append(p.getSource().getText());
            }
        }
        return s.toString();
    }
}
