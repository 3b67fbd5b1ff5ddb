package org.eqlfusion.event;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * IP literals as Elasticsearch's {@code ip} type sees them: parsed to an address, so
 * {@code 0:0:0:0:0:0:0:1} equals {@code ::1} and {@code ::ffff:127.0.0.1} equals {@code 127.0.0.1}.
 * Only literals are parsed; a host name is never resolved.
 */
public final class IpAddresses {

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.]+)?");

    private IpAddresses() {
    }

    /** The address's bytes: 4 for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6; null when not an IP literal. */
    public static byte[] parse(String text) {
        String s = text.trim();
        if (s.indexOf(':') < 0) {
            // IPv4 is read here: handed an octet with a leading zero ("010.1.1.1", which Elasticsearch
            // refuses too), InetAddress would not take it as a literal and would look it up in DNS
            return ipv4(s);
        }
        if (!IPV6.matcher(s).matches()) {
            return null;
        }
        int scope = s.indexOf('%');
        if (scope >= 0) {
            s = s.substring(0, scope);
        }
        try {
            // a literal (checked above) is parsed without any name lookup
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /**
     * The canonical text of an IP literal, as Elasticsearch prints an {@code ip} field: IPv4
     * dotted, IPv6 as RFC 5952 writes it ({@code ::1}, {@code fe80::1:2}); null when not one.
     */
    public static String canonical(String text) {
        String s = text.trim();
        if (s.indexOf(':') < 0) {
            // IPv4 is read only without leading zeros: as written is already how it would print
            return ipv4(s) == null ? null : s;
        }
        byte[] bytes = parse(s);
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        return ipv6(bytes);
    }

    /**
     * RFC 5952: eight groups in lower-case hex without leading zeros, the longest run of two or
     * more zero groups (the first, of runs as long) written {@code ::}.
     */
    private static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > runLength && j - i >= 2) {
                runStart = i;
                runLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                out.append("::");
                i += runLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static final Map<String, Optional<String>> LITERALS = new ConcurrentHashMap<>();

    /**
     * {@link #canonical} of an address a rule writes: the same few literals are compared with
     * every event, so each is read once (up to 10,000 of them; any beyond are read each time).
     */
    public static String canonicalLiteral(String text) {
        return readOnce(LITERALS, text, IpAddresses::canonical);
    }

    /** What {@code read} makes of {@code text}, kept in {@code cache} (up to 10,000 texts; any beyond are read each time). */
    private static <T> T readOnce(Map<String, Optional<T>> cache, String text, Function<String, T> read) {
        Optional<T> known = cache.get(text);
        if (known == null) {
            known = Optional.ofNullable(read.apply(text));
            if (cache.size() < 10_000) {
                cache.put(text, known);
            }
        }
        return known.orElse(null);
    }

    /** The bytes of four decimal octets of 0 to 255 without leading zeros, or null. */
    private static byte[] ipv4(String text) {
        byte[] bytes = new byte[4];
        int octets = 0;
        int i = 0;
        int n = text.length();
        while (i < n && octets < 4) {
            int start = i;
            int value = 0;
            while (i < n && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i++) - '0');
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return null;
            }
            bytes[octets++] = (byte) value;
            if (octets < 4) {
                if (i >= n || text.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return octets == 4 && i == n ? bytes : null;
    }

    /** Whether {@code ip} lies in the CIDR block {@code block} ("10.0.0.0/8", "fe80::/10", or one address). */
    public static boolean inCidr(String ip, String block) {
        byte[] address = parse(ip);
        return address != null && inCidr(address, block);
    }

    private static final Map<String, Optional<Block>> BLOCKS = new ConcurrentHashMap<>();

    /**
     * {@link #inCidr(String, String)} for an address already {@link #parse}d: a rule compares the
     * same few blocks with every event, so each is read once (up to 10,000 of them, as literals).
     */
    public static boolean inCidr(byte[] address, String block) {
        Block known = readOnce(BLOCKS, block, Block::read);
        return known != null && known.contains(address);
    }

    /** A CIDR block: its network address and how many leading bits of an address must equal it. */
    private record Block(byte[] network, int bits) {

        /** The block {@code text} names, or null when it names none. */
        static Block read(String text) {
            int slash = text.indexOf('/');
            byte[] network = parse(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                return null;
            }
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1).trim());
            return bits < 0 || bits > network.length * 8 ? null : new Block(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int left = bits;
            for (int i = 0; i < network.length && left > 0; i++, left -= 8) {
                int mask = left >= 8 ? 0xFF : (0xFF << (8 - left)) & 0xFF;
                if ((address[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
