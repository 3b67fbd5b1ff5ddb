package org.eqlfusion.live;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.definition.KiePackage;

/**
 * DRL functions on a reload. Added to a running KieBase into a package whose rules come from
 * other files (Drools 10.2), a function builds, and so do the rules calling it, but their
 * conditions then fail on every event ("unable to resolve method ... isMmc"); alone in its package
 * — a new package, or the file's own package on a change — it works (RuleReloadTest). So a file
 * that declares functions joins its session on a reload only as the one file of its package there.
 */
final class FunctionPackages {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)");

    private FunctionPackages() {
    }

    /** The package a DRL file declares ("" for none). */
    static String packageOf(String drl) {
        Matcher m = PACKAGE.matcher(drl);
        return m.find() ? m.group(1) : "";
    }

    /**
     * Why {@code file} cannot join its session on this reload, or null when it can.
     *
     * @param built    the file's packages, built on their own
     * @param neighbours the other files that will run in the same session (staying or joining), by name
     */
    static String conflict(String file, Collection<KiePackage> built, Map<String, RuleSource> neighbours) {
        for (KiePackage pkg : built) {
            if (pkg.getFunctionNames().isEmpty()) {
                continue;
            }
            for (Map.Entry<String, RuleSource> other : neighbours.entrySet()) {
                if (!other.getKey().equals(file) && packageOf(other.getValue().drl()).equals(pkg.getName())) {
                    return file + " declares functions (" + String.join(", ", pkg.getFunctionNames()) + ") in package "
                            + pkg.getName() + ", which " + other.getKey() + " uses too: Drools cannot add functions to a package"
                            + " other running files use (the rules calling them would fail on every event), so a reload"
                            + " takes them only in a package of their own; give " + file + " its own package, or restart"
                            + " the server";
                }
            }
        }
        return null;
    }
}
