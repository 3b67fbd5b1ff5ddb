package org.eqlfusion.live;

/**
 * One rule file as the engine runs it: {@code name} is its path in the rule folder
 * ({@code windows/x.drl}, {@code windows/x.toml}), {@code path} the file as errors name it, {@code drl} the DRL it runs (a TOML file's
 * compiler output), {@code version} a digest of the file's content.
 */
public record RuleSource(String name, String path, String drl, String version) {

    /** The name Drools compiles it under (a TOML rule's DRL keeps the TOML's path, ending in .drl). */
    public String drlName() {
        return name.endsWith(".drl") ? name : name + ".drl";
    }
}
