import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generatedFiles, sdkRoot } from './codegen.ts';

for (const [file, content] of await generatedFiles()) {
  await mkdir(path.dirname(path.join(sdkRoot, file)), { recursive: true });
  await writeFile(path.join(sdkRoot, file), content);
  console.log(`wrote clients/sdk/${file}`);
}
