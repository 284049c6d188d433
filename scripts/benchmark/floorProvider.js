"use strict";
// The floor's provider: the engine's own cost for a dynamic resource. Each method does nothing but
// wait the emulated Graph latency once for every Graph request the package made in the same
// method (BENCHMARK_FLOOR_WAITS, set by the benchmark per step), and returns outputs shaped like
// the package's, with as many fields, as the engine's work on a resource grows with its outputs.
const { randomUUID } = require("node:crypto");

const latencyMs = Number(process.env.BENCHMARK_LATENCY_MS ?? 0);
const waits = JSON.parse(process.env.BENCHMARK_FLOOR_WAITS ?? "{}");

function wait(method) {
  const ms = latencyMs * (waits[method] ?? 0);
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

const INPUT_KEYS = [
  "displayName",
  "description",
  "identitySources",
  "state",
  "internalSponsors",
  "externalSponsors",
];

function inputsOf(props) {
  const inputs = {};
  for (const key of INPUT_KEYS) if (props[key] !== undefined) inputs[key] = props[key];
  return inputs;
}

/** Who Graph's beta API records as creating and changing an organization: the app, by name. */
const PRINCIPAL = "00000000-0000-0000-0000-000000000000@woodgrove.example";

/**
 * An identity source with as many fields as the package records of what Graph resolved it to
 * (a domain, or the tenant Graph found for it: type, display name and the domain or tenant id).
 */
function resolvedOf(source) {
  return {
    odataType: "#microsoft.graph.domainIdentitySource",
    displayName: source.domainName ?? source.tenantId,
    ...source,
  };
}

function outputsOf(inputs, createdDateTime) {
  const now = new Date().toISOString();
  return {
    ...inputs,
    description: inputs.description ?? "",
    state: inputs.state ?? "configured",
    stateManaged: inputs.state !== undefined,
    resolvedIdentitySources: (inputs.identitySources ?? []).map(resolvedOf),
    createdDateTime: createdDateTime ?? now,
    modifiedDateTime: now,
    createdBy: PRINCIPAL,
    modifiedBy: PRINCIPAL,
  };
}

/** The inputs a read reports, as the package's do: no description when it is empty. */
function declaredInputsOf(outs) {
  const { description, ...inputs } = inputsOf(outs);
  return description === "" ? inputs : { ...inputs, description };
}

const resourceProvider = {
  async check(_olds, news) {
    return { inputs: inputsOf(news), failures: [] };
  },
  async diff(_id, olds, news) {
    const changes = INPUT_KEYS.some(
      (key) => news[key] !== undefined && JSON.stringify(news[key]) !== JSON.stringify(olds[key]),
    );
    return { changes };
  },
  async create(inputs) {
    await wait("create");
    return { id: randomUUID(), outs: outputsOf(inputsOf(inputs)) };
  },
  async read(id, props) {
    await wait("read");
    const outs = outputsOf(inputsOf(props), props.createdDateTime);
    return { id, props: outs, inputs: declaredInputsOf(outs) };
  },
  async update(_id, olds, news) {
    await wait("update");
    return { outs: outputsOf(inputsOf(news), olds.createdDateTime) };
  },
  async delete() {
    await wait("delete");
  },
};

async function configure() {}

module.exports = { configure, resourceProvider };
