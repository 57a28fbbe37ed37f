package org.candour.org;

import java.util.List;

/** A unit as the API and pages show it: external ids only, with its depth in the tree. */
public record UnitView(String id, String name, String parentId, int depth, List<UnitView> children) {
}
