package org.eqlfusion.route;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@link RouteKey} of one constraint's DRL text: {@code a || b} needs a key from both
 * sides (their union), {@code a && b} takes the narrower side's, {@code !a} gives none, and a call
 * gives one when it is {@code category}, {@code eq}, {@code isIn} or {@code inIgnoreCase} with
 * string literals only, or {@code like} / {@code likeIgnoreCase} whose patterns all have a fixed
 * end; any other test of the event that is false on a missing field (a range, a regex, a pattern
 * with no fixed end) gives "its field is present". Any text it does not understand gives no key
 * at all: routing then only loses precision, never a match.
 */
final class ConstraintParser {

    private final String text;
    private int at;

    ConstraintParser(String text) {
        this.text = text;
    }

    /** The key, or null. */
    RouteKey key() {
        try {
            RouteKey key = or();
            skipSpace();
            return at == text.length() ? key : null;
        } catch (NotUnderstood e) {
            return null;
        }
    }

    private RouteKey or() {
        RouteKey key = and();
        boolean all = key != null;
        while (take("||")) {
            RouteKey next = and();
            all &= next != null;
            key = all ? key.or(next) : null;
        }
        return all ? key : null;
    }

    private RouteKey and() {
        RouteKey key = unary();
        while (take("&&")) {
            RouteKey next = unary();
            if (next != null && next.narrowerThan(key)) {
                key = next;
            }
        }
        return key;
    }

    private RouteKey unary() {
        skipSpace();
        if (take("!")) {
            unary();
            return null;
        }
        if (take("(")) {
            RouteKey key = or();
            expect(")");
            return key;
        }
        return call();
    }

    private RouteKey call() {
        int start = at;
        while (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
            at++;
        }
        String name = text.substring(start, at);
        if (name.isEmpty()) {
            throw new NotUnderstood();
        }
        skipSpace();
        expect("(");
        List<String> firstOnly = new ArrayList<>(1);
        List<String> args = arguments(firstOnly);
        RouteKey key = args == null ? null : atom(name, args);
        if (key == null && !firstOnly.isEmpty() && NEED_THEIR_FIELD.contains(name)) {
            return new RouteKey(List.of(RouteKey.FieldValues.present(firstOnly.get(0))));
        }
        return key;
    }

    /**
     * The event's tests that are false on a missing field (the field is their first argument):
     * a call of one gives at least the key "the field is present".
     */
    private static final Set<String> NEED_THEIR_FIELD = Set.of("eq", "isIn", "inIgnoreCase", "like", "likeIgnoreCase",
            "regex", "regexIgnoreCase", "lt", "lte", "gt", "gte", "notNull");

    /**
     * The call's arguments up to its closing parenthesis: the strings, or null when any is not a
     * string literal. {@code first} gets the first argument when it is a string literal.
     */
    private List<String> arguments(List<String> first) {
        List<String> args = new ArrayList<>();
        boolean literalsOnly = true;
        skipSpace();
        if (take(")")) {
            return args;
        }
        while (true) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == '"') {
                String literal = literal();
                if (literal == null) {
                    literalsOnly = false;
                } else {
                    if (args.isEmpty() && literalsOnly) {
                        first.add(literal);
                    }
                    args.add(literal);
                }
            } else {
                skipOther();
                literalsOnly = false;
            }
            skipSpace();
            if (take(")")) {
                return literalsOnly ? args : null;
            }
            expect(",");
        }
    }

    private static RouteKey atom(String name, List<String> args) {
        switch (name) {
            case "category":
                return args.size() == 1 ? key(RouteKey.CATEGORY, args) : null;
            case "eq":
                return args.size() == 2 ? key(args.get(0), args.subList(1, 2)) : null;
            case "isIn":
            case "inIgnoreCase":
                return args.size() >= 2 ? key(args.get(0), args.subList(1, args.size())) : null;
            case "like":
            case "likeIgnoreCase":
                return args.size() >= 2 ? suffixKey(args.get(0), args.subList(1, args.size())) : null;
            default:
                return null;
        }
    }

    /** What every pattern's fixed end (after its last * or ?) requires, or null when one is too short to tell much. */
    private static RouteKey suffixKey(String field, List<String> patterns) {
        Set<String> ends = new LinkedHashSet<>();
        for (String pattern : patterns) {
            int wildcard = Math.max(pattern.lastIndexOf('*'), pattern.lastIndexOf('?'));
            String end = pattern.substring(wildcard + 1);
            if (end.length() < RouteKey.MIN_SUFFIX) {
                return null;
            }
            ends.add(RouteKey.fold(end));
        }
        return new RouteKey(List.of(new RouteKey.FieldValues(field, ends, true)));
    }

    private static RouteKey key(String field, List<String> values) {
        Set<String> folded = new LinkedHashSet<>();
        for (String value : values) {
            folded.add(RouteKey.fold(value));
        }
        return new RouteKey(List.of(new RouteKey.FieldValues(field, folded)));
    }

    /**
     * A string literal from its opening quote; null (read past all the same) when it holds an
     * escape other than \" and \\ — rather than risk reading one differently from Drools.
     */
    private String literal() {
        StringBuilder value = new StringBuilder();
        boolean plain = true;
        at++;
        while (true) {
            if (at >= text.length()) {
                throw new NotUnderstood();
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return plain ? value.toString() : null;
            }
            if (c == '\\') {
                if (at >= text.length()) {
                    throw new NotUnderstood();
                }
                char e = text.charAt(at++);
                plain &= e == '"' || e == '\\';
                value.append(e);
            } else {
                value.append(c);
            }
        }
    }

    /** Skips an argument that is not a string literal (a number, a variable, a nested call). */
    private void skipOther() {
        int depth = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"') {
                literal();
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' || c == ',') {
                if (depth == 0) {
                    return;
                }
                if (c == ')') {
                    depth--;
                }
            }
            at++;
        }
        throw new NotUnderstood();
    }

    private boolean take(String token) {
        skipSpace();
        if (text.startsWith(token, at)) {
            at += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!take(token)) {
            throw new NotUnderstood();
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private static final class NotUnderstood extends RuntimeException {
        NotUnderstood() {
            super(null, null, false, false);
        }
    }
}
