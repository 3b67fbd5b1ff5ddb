package org.eqlfusion.live;

/**
 * One rule file as the engine runs it: {@code name} is its path in the rule folder
 * ({@code windows/x.drl}, {@code windows/x.toml}), {@code path} the file as errors name it, {@code drl} the DRL it runs (a TOML file's
 * compiler output), {@code version} a digest of the file's content (and of the exceptions applied
 * to it), {@code exceptions} the names of the exceptions its DRL applies (a TOML rule's; none for DRL),
 * {@code suppression} how its alerts are suppressed ("host.name for 1h"; a TOML rule's, else null).
 */
public record RuleSource(String name, String path, String drl, String version, java.util.List<String> exceptions,
                         String suppression) {

    public RuleSource {
        exceptions = java.util.List.copyOf(exceptions);
    }

    public RuleSource(String name, String path, String drl, String version) {
        this(name, path, drl, version, java.util.List.of(), null);
    }

    /** The name Drools compiles it under (a TOML rule's DRL keeps the TOML's path, ending in .drl). */
    public String drlName() {
        return name.endsWith(".drl") ? name : name + ".drl";
    }
}
