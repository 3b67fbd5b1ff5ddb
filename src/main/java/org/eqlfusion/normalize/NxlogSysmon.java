package org.eqlfusion.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eqlfusion.event.IpAddresses;
import org.eqlfusion.semantics.Numbers;

/**
 * Sysmon events as NXLog ships them (flat fields: {@code Channel}, {@code EventID},
 * {@code ProcessGuid}, {@code Image}, {@code UtcTime}, ...) turned into the ECS fields Elastic's
 * Windows integration gives them, so that the rules see them. Recognised per event; the raw fields
 * stay. So far event IDs 1 (process creation) and 3 (network connection); other IDs get only
 * the common fields (time, host, process).
 */
public final class NxlogSysmon {

    static final String CHANNEL = "Microsoft-Windows-Sysmon/Operational";

    private NxlogSysmon() {
    }

    /** Whether the flat fields are an NXLog Sysmon event not yet in ECS. */
    public static boolean applies(Map<String, Object> fields) {
        return CHANNEL.equals(fields.get("Channel")) && fields.get("EventID") != null && fields.get("event.category") == null;
    }

    /** Adds the ECS fields; @timestamp becomes Sysmon's UtcTime. */
    public static void normalize(Map<String, Object> fields) {
        Object utc = fields.get("UtcTime");
        if (utc instanceof String time && time.length() >= 19) {
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
                fields.put("event.category", List.of("process"));
                fields.put("event.type", List.of("start"));
                process(fields, "process.parent.", "ParentProcessGuid", "ParentProcessId", "ParentImage", "ParentCommandLine");
            }
            case 3 -> {
                fields.put("event.category", List.of("network"));
                fields.put("event.type", List.of("start", "connection"));
                Object initiated = fields.get("Initiated");
                if (initiated != null) {
                    fields.put("network.direction", "true".equalsIgnoreCase(initiated.toString()) ? "egress" : "ingress");
                }
                putText(fields, "network.transport", fields.get("Protocol"));
                endpoint(fields, "source.", "SourceIp", "SourcePort");
                endpoint(fields, "destination.", "DestinationIp", "DestinationPort");
            }
            default -> {
                // the common fields only, for now
            }
        }
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
        String line = text(fields.get(commandLine));
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
