// Reads {"<name>": <OpenAPI document>, ...} on stdin; writes {"<name>": "<TypeScript>", ...} on stdout.
// One Node process for every contract: openapi-typescript's start-up costs more than a contract.
import openapiTS, { astToString } from "openapi-typescript";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const documents = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const output = {};
for (const [name, document] of Object.entries(documents)) {
  const ast = await openapiTS(document, { rootTypes: true, rootTypesNoSchemaPrefix: true, silent: true });
  output[name] = astToString(ast);
}
process.stdout.write(JSON.stringify(output));
