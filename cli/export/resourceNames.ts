/** What a resource name is derived from. */
export interface Named {
  id: string;
  displayName?: string;
  createdDateTime?: string;
}

const LONGEST_BASE = 60;

/**
 * A resource name from a display name: lower-case ASCII letters and digits joined by "-", e.g.
 * "Contoso Ltd." → "contoso-ltd" (accents dropped, other characters become separators).
 */
export function baseName(displayName: string): string {
  const slug = displayName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, LONGEST_BASE)
    .replace(/-+$/, "");
  return slug === "" ? "organization" : slug;
}

/**
 * A unique, stable resource name for each organization, by id. Among organizations whose names
 * would be the same, the oldest keeps the plain name and the others get the start of their Graph
 * id appended, so a name never moves to another organization when organizations are added later.
 */
export function resourceNames(organizations: readonly Named[]): Map<string, string> {
  const groups = new Map<string, Named[]>();
  for (const org of organizations) {
    const base = baseName(org.displayName ?? "");
    groups.set(base, [...(groups.get(base) ?? []), org]);
  }
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const [base, group] of [...groups].sort(([a], [b]) => compare(a, b))) {
    const oldestFirst = [...group].sort(
      (a, b) => compare(a.createdDateTime ?? "", b.createdDateTime ?? "") || compare(a.id, b.id),
    );
    oldestFirst.forEach((org, i) => {
      const id = org.id.toLowerCase();
      let name = i === 0 && !taken.has(base) ? base : `${base}-${id.slice(0, 8)}`;
      if (taken.has(name)) name = `${base}-${id}`;
      taken.add(name);
      names.set(org.id, name);
    });
  }
  return names;
}

/** Code-point order, the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
