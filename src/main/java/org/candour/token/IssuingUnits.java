package org.candour.token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides under which unit's key each invitation issues. A unit whose invitations (its own plus
 * those pooled up from smaller descendants) reach k is an <em>issuing unit</em> with a key of its
 * own; a smaller unit pools its invitations into its nearest ancestor that reaches k. Invitations
 * that reach no such ancestor would sit in a group below k, and the survey may not open.
 *
 * <p>Pure logic with no framework, so it can be tested by hand-worked cases and at random.
 *
 * @param <U> the unit identifier type
 */
public final class IssuingUnits<U> {

    private final Map<U, U> issuerOf;
    private final Map<U, Integer> groupSize;
    private final List<Stranded<U>> stranded;

    /** Units whose invitations reach no issuing unit: the root of the stranded pool and its size. */
    public record Stranded<U>(U root, int invitations) {
    }

    private IssuingUnits(Map<U, U> issuerOf, Map<U, Integer> groupSize, List<Stranded<U>> stranded) {
        this.issuerOf = issuerOf;
        this.groupSize = groupSize;
        this.stranded = stranded;
    }

    /**
     * @param parents    every unit mapped to its parent (null for a root); must be a forest: a unit with
     *                   an unknown parent, or whose parents form a cycle, is refused (IllegalArgumentException
     *                   naming it), so no unit silently drops out of the plan
     * @param invitations invitations per unit (units not present have none)
     * @param k          the survey's threshold, at least 1
     */
    public static <U> IssuingUnits<U> compute(Map<U, U> parents, Map<U, Integer> invitations, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        Map<U, List<U>> children = new LinkedHashMap<>();
        List<U> roots = new ArrayList<>();
        for (Map.Entry<U, U> e : parents.entrySet()) {
            children.computeIfAbsent(e.getKey(), x -> new ArrayList<>());
            if (e.getValue() == null) {
                roots.add(e.getKey());
            } else {
                if (!parents.containsKey(e.getValue())) {
                    throw new IllegalArgumentException("unit " + e.getKey() + " has unknown parent " + e.getValue());
                }
                children.computeIfAbsent(e.getValue(), x -> new ArrayList<>()).add(e.getKey());
            }
        }
        for (U u : invitations.keySet()) {
            if (!parents.containsKey(u)) {
                throw new IllegalArgumentException("invitations for an unknown unit " + u);
            }
        }
        Map<U, U> issuerOf = new HashMap<>();
        Map<U, Integer> groupSize = new LinkedHashMap<>();
        List<Stranded<U>> stranded = new ArrayList<>();
        // A unit under no root (its parents form a cycle) would get no issuer and not be stranded either.
        java.util.Set<U> reached = new java.util.HashSet<>(roots);
        List<U> stack = new ArrayList<>(roots);
        while (!stack.isEmpty()) {
            for (U c : children.get(stack.remove(stack.size() - 1))) {
                if (reached.add(c)) {
                    stack.add(c);
                }
            }
        }
        for (U u : parents.keySet()) {
            if (!reached.contains(u)) {
                throw new IllegalArgumentException("unit " + u + " is under no root: its parents form a cycle");
            }
        }
        for (U root : roots) {
            Pool<U> left = pool(root, children, invitations, k, issuerOf, groupSize);
            if (left.count > 0) {
                stranded.add(new Stranded<>(root, left.count));
                for (U u : left.members) {
                    issuerOf.remove(u);
                }
            }
        }
        return new IssuingUnits<>(issuerOf, groupSize, stranded);
    }

    /** Invitations not yet in a group: their count and the units they come from. */
    private record Pool<U>(int count, List<U> members) {
    }

    private static <U> Pool<U> pool(U unit, Map<U, List<U>> children, Map<U, Integer> invitations, int k,
            Map<U, U> issuerOf, Map<U, Integer> groupSize) {
        // Iterative post-order, so a deep tree cannot overflow the stack.
        Map<U, Pool<U>> done = new HashMap<>();
        List<U> stack = new ArrayList<>();
        List<U> order = new ArrayList<>();
        stack.add(unit);
        while (!stack.isEmpty()) {
            U u = stack.remove(stack.size() - 1);
            order.add(u);
            stack.addAll(children.getOrDefault(u, List.of()));
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            U u = order.get(i);
            int own = Math.max(0, Objects.requireNonNullElse(invitations.get(u), 0));
            int count = own;
            List<U> members = new ArrayList<>();
            if (own > 0) {
                members.add(u);
            }
            for (U c : children.getOrDefault(u, List.of())) {
                Pool<U> p = done.remove(c);
                count += p.count;
                members.addAll(p.members);
            }
            if (count >= k) {
                for (U m : members) {
                    issuerOf.put(m, u);
                }
                groupSize.put(u, count);
                done.put(u, new Pool<>(0, List.of()));
            } else {
                for (U m : members) {
                    issuerOf.put(m, null);
                }
                done.put(u, new Pool<>(count, members));
            }
        }
        return done.get(unit);
    }

    /** The issuing unit whose key signs for invitations of {@code unit}, or null if none. */
    public U issuerOf(U unit) {
        return issuerOf.get(unit);
    }

    /** Each issuing unit and the number of invitations in its group (at least k). */
    public Map<U, Integer> groups() {
        return Map.copyOf(groupSize);
    }

    /** Pools of invitations below k that reached no issuing unit; empty when the survey may open. */
    public List<Stranded<U>> stranded() {
        return List.copyOf(stranded);
    }
}
