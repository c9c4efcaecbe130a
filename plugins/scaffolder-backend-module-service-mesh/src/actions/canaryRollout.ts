import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { rolloutSteps } from '@service-mesh/plugin-service-mesh-common';
import {
  startRollout,
  StoredRollout,
} from '@service-mesh/plugin-service-mesh-node';
import { z } from 'zod/v3';
import { writesOf } from '../cluster/actionWrites';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields } from '../inputs/shape';
import { canaryRolloutExamples } from './canaryRollout.examples';
import { toTemplateExamples } from './exampleStep';
import { TimelineLog, waitForRolloutOutcome } from './rolloutOutcome';
import { DEFAULT_ROLLOUT_STEPS, rolloutPlanOf } from './rolloutPlanInput';
import { rolloutStartError } from './rolloutStartError';

const ACTION = 'servicemesh:canary:rollout';

// The plan's numbers are checked by validateRolloutPlan (see rolloutPlanOf),
// the one rule the backend's runner reads rollouts with; here only their types.
const inputShape = {
  cluster: fields.cluster(),
  namespace: fields.name(
    'The namespace of the Service and its VirtualService or HTTPRoute',
  ),
  service: fields.name(
    'The Kubernetes Service whose traffic the rollout shifts (the VirtualService host, or the Service whose per-version Services an HTTPRoute splits over)',
  ),
  stableSubset: fields.name(
    "The stable version's DestinationRule subset (e.g. v1), or its per-version Service an HTTPRoute's backendRef names (e.g. web-v1)",
  ),
  canarySubset: fields.name(
    "The canary version's DestinationRule subset (e.g. v2), or its per-version Service an HTTPRoute's backendRef names (e.g. web-v2)",
  ),
  stableVersion: fields
    .name("The stable pods' version label (default: stableSubset)")
    .optional(),
  canaryVersion: fields
    .name("The canary pods' version label (default: canarySubset)")
    .optional(),
  steps: z
    .array(z.number())
    .optional()
    .describe(
      `The canary's weight at each step in percent, increasing, 100 appended (default: ${DEFAULT_ROLLOUT_STEPS.join(
        ', ',
      )}); or give stepWeight and maxWeight`,
    ),
  stepWeight: z
    .number()
    .optional()
    .describe('The step size in percent, up to maxWeight (instead of steps)'),
  maxWeight: z
    .number()
    .optional()
    .describe('The last weight of stepWeight steps before 100 %'),
  bakeSeconds: z
    .number()
    .default(60)
    .describe('How long each step runs at least before it may advance'),
  interval: z
    .string()
    .default('1m')
    .describe(
      'The window of each check and the time between checks, e.g. 30s, 1m',
    ),
  minSuccessRatePercent: z
    .number()
    .default(99)
    .describe("The canary's least request success rate (non-5xx), percent"),
  maxP99LatencyMs: z
    .number()
    .default(500)
    .describe("The canary's highest p99 request duration, milliseconds"),
  minRequests: z
    .number()
    .default(20)
    .describe('Fewer requests in an interval make a check inconclusive'),
  failedChecksThreshold: z
    .number()
    .default(2)
    .describe('Failed checks in one step that roll the canary back to 0 %'),
  waitForOutcome: z
    .boolean()
    .default(false)
    .describe(
      'Wait until the rollout is promoted (the step fails when it is rolled back or aborted)',
    ),
  timeoutSeconds: fields.timeoutSeconds(1800, 'the rollout to end'),
};
export const canaryRolloutInput = z.object(inputShape);

async function actorOf(ctx: {
  user?: { ref?: string };
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}): Promise<string> {
  if (ctx.user?.ref) return ctx.user.ref;
  const principal: any = (await ctx.getInitiatorCredentials()).principal;
  return principal?.userEntityRef ?? 'the scaffolder';
}

export function createCanaryRolloutAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: ACTION,
    description:
      "Starts a canary rollout: steps the canary's weight on the service's VirtualService or HTTPRoute while the Prometheus checks pass, rolls back when they fail",
    examples: toTemplateExamples(ACTION, canaryRolloutExamples),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        virtualService: () =>
          z
            .string()
            .optional()
            .describe(
              'The VirtualService whose weights are stepped, when a VirtualService routes the service',
            ),
        httpRoute: () =>
          z
            .string()
            .optional()
            .describe(
              'The HTTPRoute whose backendRef weights are stepped, when an HTTPRoute routes the service',
            ),
        phase: () =>
          z
            .string()
            .describe(
              'progressing, or with waitForOutcome the outcome: promoted',
            ),
        weight: () => z.number().describe("The canary's weight now, percent"),
        steps: () =>
          z.array(z.number()).describe("The canary's weight at each step"),
      },
    },
    async handler(ctx) {
      const params = parseInput(canaryRolloutInput, ctx.input);
      const plan = rolloutPlanOf(params);
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf(ACTION, params),
      );
      const kc = session.kubeConfig;
      const { namespace } = params;
      const setOutputs = (rollout: StoredRollout) => {
        ctx.output(
          rollout.route.kind === 'VirtualService'
            ? 'virtualService'
            : 'httpRoute',
          rollout.route.object.metadata.name,
        );
        ctx.output('phase', rollout.record.state.phase);
        ctx.output('weight', rollout.record.state.weight);
        ctx.output('steps', rolloutSteps(rollout.record.plan));
      };
      const started = await startRollout({
        kc,
        namespace,
        plan,
        actor: await actorOf(ctx),
        now: new Date(),
        dryRun: session.dryRun,
      }).catch(error => {
        throw rolloutStartError(error, namespace);
      });
      const where = `${started.route.kind} ${namespace}/${started.route.object.metadata.name}`;
      const steps = rolloutSteps(plan).join(', ');
      if (session.dryRun) {
        ctx.logger.info(
          `${where}: would start a rollout of ${plan.service} to ${plan.canary.version} at ${started.record.state.weight} % (steps ${steps} %); nothing was written`,
        );
        if (params.waitForOutcome) {
          ctx.logger.info(
            `Would wait up to ${params.timeoutSeconds}s for the rollout's outcome`,
          );
        }
        setOutputs(started);
        return;
      }
      ctx.logger.info(
        `${where}: started a rollout of ${plan.service} to ${plan.canary.version} (steps ${steps} %); the service mesh backend steps it`,
      );
      const timeline = new TimelineLog(ctx.logger);
      timeline.add(started.timeline);
      setOutputs(started);
      if (!params.waitForOutcome) return;
      const outcome = await waitForRolloutOutcome({
        kc,
        namespace,
        service: plan.service,
        timeoutSeconds: params.timeoutSeconds,
        timeline,
        signal: ctx.signal,
      }).catch(error => {
        throw rolloutStartError(error, namespace);
      });
      setOutputs(outcome);
    },
  });
}
