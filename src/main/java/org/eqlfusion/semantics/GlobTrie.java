package org.eqlfusion.semantics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wildcard patterns indexed by their fixed heads (what comes before the first {@code *}): a trie
 * over the heads' characters, where {@code ?} is a branch of its own. A value walks the trie with
 * its own characters, and only the patterns whose head it has are tried on the rest, so a value
 * tested against the 66 {@code "?:\\PerfLogs\\*.exe"}-like paths of a rule reads its first few
 * characters once instead of once per pattern.
 */
final class GlobTrie {

    private static final Glob[] NONE = new Glob[0];

    private final Node root = new Node();

    GlobTrie(List<String> patterns) {
        for (String pattern : patterns) {
            Glob glob = new Glob(pattern);
            Node node = root;
            for (int i = 0; i < glob.head.length(); i++) {
                node = node.child(glob.head.charAt(i));
            }
            node.ending = Arrays.copyOf(node.ending, node.ending.length + 1);
            node.ending[node.ending.length - 1] = glob;
        }
    }

    boolean matches(String value) {
        return matches(root, value, 0);
    }

    /** Whether a pattern whose head continues from {@code node} matches, {@code at} characters of the value read. */
    private static boolean matches(Node node, String value, int at) {
        for (Glob glob : node.ending) {
            if (glob.matchesPastHead(value)) {
                return true;
            }
        }
        if (at >= value.length()) {
            return false;
        }
        Node next = node.next(value.charAt(at));
        if (next != null && matches(next, value, at + 1)) {
            return true;
        }
        return node.anyChar != null && matches(node.anyChar, value, at + 1);
    }

    /** A place in the heads: the patterns whose head ends here, and the characters that can follow. */
    private static final class Node {
        private Glob[] ending = NONE;
        private char[] chars = new char[0];
        private Node[] nodes = new Node[0];
        private Node anyChar;

        Node next(char c) {
            char[] cs = chars;
            for (int i = 0; i < cs.length; i++) {
                if (cs[i] == c) {
                    return nodes[i];
                }
            }
            return null;
        }

        Node child(char c) {
            if (c == '?') {
                if (anyChar == null) {
                    anyChar = new Node();
                }
                return anyChar;
            }
            Node node = next(c);
            if (node == null) {
                node = new Node();
                chars = Arrays.copyOf(chars, chars.length + 1);
                chars[chars.length - 1] = c;
                nodes = Arrays.copyOf(nodes, nodes.length + 1);
                nodes[nodes.length - 1] = node;
            }
            return node;
        }
    }

    /**
     * One pattern with wildcards, as {@code head*middle*...*tail}: the head and tail are fixed
     * ({@code ?} aside); the trie reads the head, the tail is read next, and the pieces between
     * stars are then found left to right, each at its first place, which is the only place a
     * star-separated piece needs.
     */
    private static final class Glob {
        private final String head;
        private final String tail;
        private final String[] pieces;
        private final boolean hasStar;
        private final int minLength;

        Glob(String pattern) {
            int first = pattern.indexOf('*');
            int last = pattern.lastIndexOf('*');
            hasStar = first >= 0;
            head = hasStar ? pattern.substring(0, first) : pattern;
            tail = hasStar ? pattern.substring(last + 1) : "";
            List<String> between = new ArrayList<>();
            if (hasStar) {
                for (String piece : pattern.substring(first + 1, last + 1).split("\\*")) {
                    if (!piece.isEmpty()) {
                        between.add(piece);
                    }
                }
            }
            pieces = between.toArray(new String[0]);
            int length = head.length() + tail.length();
            for (String piece : pieces) {
                length += piece.length();
            }
            minLength = length;
        }

        /** Whether the value matches, its head already read: the trie walked to this pattern with it. */
        boolean matchesPastHead(String value) {
            int length = value.length();
            if (length < minLength || (!hasStar && length != minLength)) {
                return false;
            }
            int tailStart = length - tail.length();
            if (!fixedAt(value, tail, tailStart)) {
                return false;
            }
            int from = head.length();
            for (String piece : pieces) {
                int at = find(value, piece, from, tailStart);
                if (at < 0) {
                    return false;
                }
                from = at + piece.length();
            }
            return true;
        }

        /** Whether {@code fixed} ('?' any character) is at {@code at} in the value. */
        private static boolean fixedAt(String value, String fixed, int at) {
            for (int i = fixed.length() - 1; i >= 0; i--) {
                char c = fixed.charAt(i);
                if (c != '?' && c != value.charAt(at + i)) {
                    return false;
                }
            }
            return true;
        }

        /** The first place at or after {@code from} where the piece lies wholly before {@code end}, or -1. */
        private static int find(String value, String piece, int from, int end) {
            int lastStart = end - piece.length();
            if (piece.indexOf('?') < 0) {
                int at = value.indexOf(piece, from);
                return at <= lastStart ? at : -1;
            }
            for (int at = from; at <= lastStart; at++) {
                if (fixedAt(value, piece, at)) {
                    return at;
                }
            }
            return -1;
        }
    }
}
