import { guidProblem } from "../rfcSyntax";
import { isUnknown } from "./unknowns";

/** The input that names an existing organization for create to take over. */
export const ADOPT_ID = "adoptId";

/** The checked value of `adoptId` (lower case), or the reason it is refused. */
export function checkAdoptId(value: unknown): { value?: unknown; reason?: string } {
  if (value === undefined || value === null) return {};
  if (isUnknown(value)) return { value };
  const allowed =
    "the Graph object id (a GUID) of an existing connected organization, or omitted to create a new one";
  const problem = typeof value === "string" ? guidProblem(value, allowed) : `must be ${allowed}`;
  if (problem !== undefined) {
    return { reason: `adoptId ${problem} (got ${JSON.stringify(value)})` };
  }
  return { value: (value as string).toLowerCase() };
}

/**
 * Whether `adoptId` asks for another organization than the one this resource holds. Removing it,
 * or naming the id the resource already has, changes nothing; another id (or one not known until
 * apply) means taking over that organization instead: a replace.
 */
export function adoptsAnother(id: string, adoptId: unknown): boolean {
  if (adoptId === undefined || adoptId === null) return false;
  if (isUnknown(adoptId)) return true;
  return String(adoptId).toLowerCase() !== id.toLowerCase();
}
