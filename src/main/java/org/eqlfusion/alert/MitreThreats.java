package org.eqlfusion.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MITRE ATT&amp;CK mappings written compactly in a DRL annotation, one path per entry separated by
 * {@code ;}, each "tactic > technique > subtechnique" as "ID Name":
 * {@code TA0008 Lateral Movement > T1021 Remote Services > T1021.003 Distributed Component Object Model},
 * expanded into Kibana's {@code threat} objects with their attack.mitre.org references.
 */
final class MitreThreats {

    private MitreThreats() {
    }

    static List<Map<String, Object>> parse(String text) {
        Map<String, Map<String, Object>> byTactic = new LinkedHashMap<>();
        for (String path : text.split(";")) {
            String[] parts = path.split(">");
            if (path.isBlank()) {
                continue;
            }
            Map<String, Object> tactic = entry(parts[0], "tactics");
            Map<String, Object> threat = byTactic.computeIfAbsent((String) tactic.get("id"), id -> {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("framework", "MITRE ATT&CK");
                t.put("tactic", tactic);
                t.put("technique", new ArrayList<Map<String, Object>>());
                return t;
            });
            if (parts.length > 1) {
                Map<String, Object> technique = child(threat, "technique", entry(parts[1], "techniques"));
                if (parts.length > 2) {
                    child(technique, "subtechnique", entry(parts[2], "techniques"));
                }
            }
        }
        return new ArrayList<>(byTactic.values());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String listName, Map<String, Object> entry) {
        List<Map<String, Object>> list = (List<Map<String, Object>>) parent.computeIfAbsent(listName, k -> new ArrayList<>());
        for (Map<String, Object> existing : list) {
            if (existing.get("id").equals(entry.get("id"))) {
                return existing;
            }
        }
        list.add(entry);
        return entry;
    }

    private static Map<String, Object> entry(String idAndName, String kind) {
        String s = idAndName.trim();
        int space = s.indexOf(' ');
        String id = space < 0 ? s : s.substring(0, space);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("name", space < 0 ? "" : s.substring(space + 1).trim());
        entry.put("reference", "https://attack.mitre.org/" + kind + "/" + id.replace('.', '/') + "/");
        return entry;
    }
}
