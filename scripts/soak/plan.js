"use strict";
// The desired set of organizations and how a round changes it: add, remove, rename (with the
// old name kept in previousNames, so the engine keeps the object) and edits.

const { DEMO_GROUPS, DEMO_TENANTS, DEMO_USERS } = require("../../dist/emulator");

const SPONSORS = [DEMO_USERS.adele.id, DEMO_USERS.megan.id, DEMO_GROUPS.procurement.id];

/** An identity source of one of the kinds Graph has, unique to organization k where it can be. */
function identitySource(random, k) {
  switch (random.int(0, 4)) {
    case 0:
      return { domainName: `soak${k}.example` };
    case 1:
      return { domainName: "contoso.com" }; // Graph stores the Contoso tenant instead
    case 2:
      return { tenantId: DEMO_TENANTS.fabrikam.id };
    case 3:
      return { domainName: `federated${k}.example`, issuerUri: `https://idp${k}.example/saml` };
    default:
      return {
        tenantId: `00000000-0000-4000-8000-${String(k).padStart(12, "0")}`,
        cloudInstance: "microsoftonline.us",
      };
  }
}

class Plan {
  constructor(random, count) {
    this.random = random;
    this.next = 0;
    this.entries = [];
    for (let i = 0; i < count; i++) this.add();
  }

  add() {
    const k = this.next++;
    const entry = {
      name: `org-${k}`,
      displayName: `Soak ${k}`,
      description: `Partner ${k}`,
      identitySources: [identitySource(this.random, k)],
      state: this.random.pick(["configured", "proposed"]),
    };
    if (this.random.chance(0.4)) entry.internalSponsors = this.random.sample(SPONSORS, 2);
    this.entries.push(entry);
    return `add ${entry.name}`;
  }

  /** Applies 1 to 3 random changes; returns what they were. */
  change(round) {
    const done = [];
    for (let n = this.random.int(1, 3); n > 0; n--) {
      const kind =
        this.entries.length === 0
          ? "add"
          : this.random.pick(["add", "remove", "rename", "edit", "edit"]);
      if (kind === "add") done.push(this.add());
      else {
        const entry = this.random.pick(this.entries);
        if (kind === "remove") {
          this.entries.splice(this.entries.indexOf(entry), 1);
          done.push(`remove ${entry.name}`);
        } else if (kind === "rename") {
          const old = entry.name;
          entry.previousNames = [...(entry.previousNames ?? []), old];
          entry.name = `${old.split("-r")[0]}-r${round}`;
          done.push(`rename ${old} → ${entry.name}`);
        } else done.push(this.edit(entry, round));
      }
    }
    return done;
  }

  edit(entry, round) {
    switch (this.random.int(0, 3)) {
      case 0:
        entry.description = `Partner, round ${round}`;
        return `edit ${entry.name} description`;
      case 1:
        entry.state = entry.state === "configured" ? "proposed" : "configured";
        return `edit ${entry.name} state`;
      case 2:
        entry.internalSponsors = this.random.sample(SPONSORS, this.random.int(0, 2));
        return `edit ${entry.name} sponsors`;
      default:
        entry.displayName = `${entry.displayName.split(" (")[0]} (r${round})`;
        return `edit ${entry.name} displayName`;
    }
  }

  /** The `organizations` config value. */
  config() {
    return structuredClone(this.entries);
  }
}

module.exports = { Plan, SPONSORS };
