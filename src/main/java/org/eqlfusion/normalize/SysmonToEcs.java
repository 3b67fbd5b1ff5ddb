package org.eqlfusion.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eqlfusion.event.IpAddresses;
import org.eqlfusion.semantics.Numbers;

/**
 * Raw Sysmon events turned into the ECS fields Elastic's Windows integration gives them, so that
 * the rules see them: as NXLog ships them (flat fields: {@code Channel}, {@code EventID},
 * {@code ProcessGuid}, {@code Image}, {@code UtcTime}, ...) and as Winlogbeat or Elastic Agent
 * ship them ({@code winlog.channel}, {@code winlog.event_id}, {@code winlog.event_data.*};
 * agent host metadata kept). Recognised per event; the raw fields
 * stay. Event IDs 1, 3, 5, 7, 10, 11, 12, 13 and 22 are mapped; other IDs get the common fields
 * (time, host, process, user).
 */
public final class SysmonToEcs {

    static final String CHANNEL = "Microsoft-Windows-Sysmon/Operational";
    /** Sysmon's UtcTime, "2020-09-18 17:08:36.030"; anything else leaves the shipper's @timestamp. */
    private static final java.util.regex.Pattern UTC_TIME = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?");

    private SysmonToEcs() {
    }

    /** Whether the event is Sysmon, from NXLog or from Winlogbeat / Elastic Agent, not yet in ECS. */
    public static boolean applies(Map<String, Object> fields) {
        return fields.get("event.category") == null && (isNxlog(fields) || isWinlogbeat(fields));
    }

    private static boolean isNxlog(Map<String, Object> fields) {
        return CHANNEL.equals(fields.get("Channel")) && fields.get("EventID") != null;
    }

    private static boolean isWinlogbeat(Map<String, Object> fields) {
        return CHANNEL.equals(fields.get("winlog.channel")) && fields.get("winlog.event_id") != null;
    }

    /** Adds the ECS fields; @timestamp becomes Sysmon's UtcTime. */
    public static void normalize(Map<String, Object> fields) {
        if (isNxlog(fields)) {
            normalizeFlat(fields);
            return;
        }
        // Winlogbeat / Elastic Agent: the same Sysmon names under winlog.event_data
        Map<String, Object> flat = new java.util.HashMap<>();
        String prefix = "winlog.event_data.";
        fields.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                flat.put(name.substring(prefix.length()), value);
            }
        });
        flat.put("EventID", fields.get("winlog.event_id"));
        flat.put("Hostname", fields.get("winlog.computer_name"));
        flat.put("@timestamp", fields.get("@timestamp"));
        normalizeFlat(flat);
        flat.forEach((name, value) -> {
            boolean ecs = name.indexOf('.') > 0 || name.equals("@timestamp");
            if (ecs && name.startsWith("host.")) {
                fields.putIfAbsent(name, value);
            } else if (ecs) {
                fields.put(name, value);
            }
        });
    }

    private static void normalizeFlat(Map<String, Object> fields) {
        Object utc = fields.get("UtcTime");
        if (utc instanceof String time && UTC_TIME.matcher(time).matches()) {
            fields.put("@timestamp", time.replace(' ', 'T') + "Z");
        }
        String hostname = text(fields.get("Hostname"));
        if (hostname != null) {
            fields.put("host.name", hostname);
            fields.putIfAbsent("host.id", hostname);
        }
        fields.put("host.os.type", "windows");
        fields.put("event.module", "sysmon");
        fields.put("event.code", String.valueOf(fields.get("EventID")));
        process(fields, "process.", "ProcessGuid", "ProcessId", "Image", "CommandLine");
        user(fields);
        Number eventId = number(fields.get("EventID"));
        switch (eventId == null ? -1 : eventId.intValue()) {
            case 1 -> {
                categorize(fields, "process", "start");
                process(fields, "process.parent.", "ParentProcessGuid", "ParentProcessId", "ParentImage", "ParentCommandLine");
            }
            case 3 -> {
                categorize(fields, "network", "start", "connection");
                Object initiated = fields.get("Initiated");
                if (initiated != null) {
                    fields.put("network.direction", "true".equalsIgnoreCase(initiated.toString()) ? "egress" : "ingress");
                }
                putText(fields, "network.transport", fields.get("Protocol"));
                endpoint(fields, "source.", "SourceIp", "SourcePort");
                endpoint(fields, "destination.", "DestinationIp", "DestinationPort");
            }
            case 5 -> {
                categorize(fields, "process", "end");
            }
            case 7 -> {
                categorize(fields, "process", "change");
                path(fields, "dll.", fields.get("ImageLoaded"));
                path(fields, "file.", fields.get("ImageLoaded"));
            }
            case 10 -> {
                categorize(fields, "process", "access");
                process(fields, "process.", "SourceProcessGUID", "SourceProcessId", "SourceImage", null);
            }
            case 11 -> {
                categorize(fields, "file", "creation");
                path(fields, "file.", fields.get("TargetFilename"));
            }
            case 12, 13 -> {
                String kind = String.valueOf(fields.get("EventType"));
                categorize(fields, "registry", kind.startsWith("Delete") ? "deletion" : kind.equals("CreateKey") ? "creation" : "change");
                registry(fields);
            }
            case 22 -> {
                categorize(fields, "network", "protocol", "info");
                fields.put("network.protocol", "dns");
                putText(fields, "dns.question.name", fields.get("QueryName"));
            }
            default -> {
                // the common fields only
            }
        }
    }

    /** {@code file.path} and its parts (name, directory, extension) from a Windows path. */
    private static void path(Map<String, Object> fields, String prefix, Object value) {
        String path = text(value);
        if (path == null) {
            return;
        }
        int slash = path.lastIndexOf('\\');
        String name = path.substring(slash + 1);
        fields.put(prefix + "path", path);
        fields.put(prefix + "name", name);
        if (slash > 0) {
            fields.put(prefix + "directory", path.substring(0, slash));
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0 && dot < name.length() - 1) {
            fields.put(prefix + "extension", name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** {@code registry.path}, key, hive, value and data from TargetObject and Details. */
    private static void registry(Map<String, Object> fields) {
        String target = text(fields.get("TargetObject"));
        if (target == null) {
            return;
        }
        fields.put("registry.path", target);
        int first = target.indexOf('\\');
        String hive = first < 0 ? target : target.substring(0, first);
        fields.put("registry.hive", switch (hive.toUpperCase(java.util.Locale.ROOT)) {
            case "HKLM" -> "HKLM";
            case "HKU" -> "HKU";
            case "HKCR" -> "HKCR";
            case "HKCU" -> "HKCU";
            default -> hive;
        });
        if (first > 0) {
            fields.put("registry.key", target.substring(first + 1));
        }
        putText(fields, "registry.value", target.substring(target.lastIndexOf('\\') + 1));
        String details = text(fields.get("Details"));
        if (details != null) {
            fields.put("registry.data.strings", List.of(details));
        }
    }

    /** {@code event.category} and {@code event.type}, as the arrays ECS has them. */
    private static void categorize(Map<String, Object> fields, String category, String... types) {
        fields.put("event.category", List.of(category));
        fields.put("event.type", List.of(types));
    }

    private static void process(Map<String, Object> fields, String prefix, String guid, String pid, String image, String commandLine) {
        putText(fields, prefix + "entity_id", fields.get(guid));
        Number id = number(fields.get(pid));
        if (id != null) {
            fields.put(prefix + "pid", id);
        }
        String executable = text(fields.get(image));
        if (executable != null) {
            fields.put(prefix + "executable", executable);
            fields.put(prefix + "name", executable.substring(executable.lastIndexOf('\\') + 1));
        }
        String line = commandLine == null ? null : text(fields.get(commandLine));
        if (line != null) {
            fields.put(prefix + "command_line", line);
            fields.put(prefix + "args", WindowsCommandLine.split(line));
        }
    }

    private static void user(Map<String, Object> fields) {
        String user = text(fields.get("User"));
        if (user != null) {
            int slash = user.indexOf('\\');
            fields.put("user.name", slash < 0 ? user : user.substring(slash + 1));
            if (slash > 0) {
                fields.put("user.domain", user.substring(0, slash));
            }
        }
    }

    private static void endpoint(Map<String, Object> fields, String prefix, String ip, String port) {
        String address = text(fields.get(ip));
        String canonical = address == null ? null : IpAddresses.canonical(address);
        if (canonical != null) {
            fields.put(prefix + "ip", canonical);
        }
        Number number = number(fields.get(port));
        if (number != null) {
            fields.put(prefix + "port", number);
        }
    }

    private static void putText(Map<String, Object> fields, String name, Object value) {
        String text = text(value);
        if (text != null) {
            fields.put(name, text);
        }
    }

    /** A field's text; Sysmon writes "-" for "none". */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        return s.isEmpty() || s.equals("-") ? null : s;
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : value == null ? null : Numbers.parse(value.toString());
    }

    /** Splits a Windows command line as CommandLineToArgvW does (quotes group, backslashes escape quotes). */
    static final class WindowsCommandLine {
        private WindowsCommandLine() {
        }

        static List<String> split(String line) {
            List<String> args = new ArrayList<>();
            StringBuilder arg = new StringBuilder();
            boolean quoted = false;
            boolean inArg = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    int slashes = 0;
                    while (i < line.length() && line.charAt(i) == '\\') {
                        slashes++;
                        i++;
                    }
                    if (i < line.length() && line.charAt(i) == '"') {
                        arg.append("\\".repeat(slashes / 2));
                        if (slashes % 2 == 1) {
                            arg.append('"');
                        } else {
                            quoted = !quoted;
                        }
                    } else {
                        arg.append("\\".repeat(slashes));
                        i--;
                    }
                    inArg = true;
                } else if (c == '"') {
                    quoted = !quoted;
                    inArg = true;
                } else if ((c == ' ' || c == '\t') && !quoted) {
                    if (inArg) {
                        args.add(arg.toString());
                        arg.setLength(0);
                        inArg = false;
                    }
                } else {
                    arg.append(c);
                    inArg = true;
                }
            }
            if (inArg) {
                args.add(arg.toString());
            }
            return args;
        }
    }
}
