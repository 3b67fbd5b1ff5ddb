package org.eqlfusion.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What two rule files both define, read from their DRL: a {@code rule_id}, or a DRL rule name in
 * one package. The second is what an analyst gets by copying a rule file to make a variant and
 * not renaming it; Drools would report it as a class "already defined". The first it would not
 * report at all, and it is worse: rules with one rule_id share their partial sequences (each
 * stage looks for {@code PartialSequence( rule == "<rule_id>" ... )}), so one rule's first stage
 * could complete the other's sequence, and their alerts could not be told apart.
 */
public final class DuplicateRules {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)");
    private static final Pattern RULE_NAME = Pattern.compile("(?m)^\\s*rule\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s\"]+)");
    private static final Pattern RULE_ID = Pattern.compile("@ruleId\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");

    private DuplicateRules() {
    }

    /** A file that defines what an earlier one did, and what it is. */
    public record Duplicate(String file, String earlierFile, String what) {

        /** The error as rule errors are given: {@code FILE: what}. */
        public String message() {
            return file + ": " + what;
        }
    }

    /**
     * The duplicates among {@code drlByFile} (file as errors name it → its DRL), in the map's order:
     * the later of two files is the one named as defining again what the earlier one did.
     */
    public static List<Duplicate> find(Map<String, String> drlByFile) {
        Map<String, String> fileOfRuleId = new HashMap<>();
        Map<String, String> fileOfRuleName = new HashMap<>();
        List<Duplicate> duplicates = new ArrayList<>();
        drlByFile.forEach((file, drl) -> {
            for (String id : all(RULE_ID, drl)) {
                String earlier = fileOfRuleId.putIfAbsent(id, file);
                if (earlier != null && !earlier.equals(file)) {
                    duplicates.add(new Duplicate(file, earlier, "rule_id " + id + " is also that of " + earlier
                            + "; rules with one rule_id would share their partial sequences and alerts: give each its own"));
                }
            }
            Matcher pkg = PACKAGE.matcher(drl);
            String packageName = pkg.find() ? pkg.group(1) : "";
            for (String name : all(RULE_NAME, drl)) {
                String earlier = fileOfRuleName.putIfAbsent(packageName + " " + name, file);
                if (earlier != null && !earlier.equals(file)) {
                    duplicates.add(new Duplicate(file, earlier, "rule " + name + " is also defined by " + earlier
                            + " (package " + packageName + "): give each rule a name of its own"));
                    break; // one line per pair of files: the other names of a copied rule follow from the first
                }
            }
        });
        return duplicates;
    }

    /** The rule_ids a DRL text's rules carry ({@code @ruleId("...")}). */
    public static Set<String> ruleIdsOf(String drl) {
        return all(RULE_ID, drl);
    }

    private static Set<String> all(Pattern pattern, String drl) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = pattern.matcher(drl);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
