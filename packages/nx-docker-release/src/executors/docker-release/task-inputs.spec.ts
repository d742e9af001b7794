import type { ExecutorContext } from '@nx/devkit';
import { dependencyInputRoots } from './task-inputs';

const task = (project: string, target: string) => ({ id: `${project}:${target}`, target: { project, target }, overrides: {}, outputs: [], parallelism: true });
const node = (name: string, root: string) => ({ name, type: 'app' as const, data: { root } });

describe('the directories the tasks a release depends on read', () => {
  const context = {
    root: '/ws',
    cwd: '/ws',
    isVerbose: false,
    projectName: 'notifier',
    targetName: 'release',
    taskGraph: {
      roots: ['notifier:build'],
      tasks: { 'notifier:release': task('notifier', 'release'), 'notifier:build': task('notifier', 'build'), 'gokit:build': task('gokit', 'build') },
      dependencies: { 'notifier:release': ['notifier:build'], 'notifier:build': ['gokit:build'], 'gokit:build': [] },
      continuousDependencies: {},
    },
    projectGraph: {
      nodes: { notifier: node('notifier', 'services/notifier'), gokit: node('gokit', 'libs/gokit'), config: node('config', 'assistant/config'), plugin: node('plugin', 'packages/plugin') },
      dependencies: {
        notifier: [
          { source: 'notifier', target: 'config', type: 'static' },
          { source: 'notifier', target: 'plugin', type: 'implicit' },
          { source: 'notifier', target: 'npm:express', type: 'static' },
        ],
        gokit: [],
      },
    },
  } as unknown as ExecutorContext;

  it('each dependency task, transitively, with the projects it imports; not implicit dependencies, not npm packages', () => {
    expect(dependencyInputRoots(context)).toEqual(['assistant/config', 'libs/gokit', 'services/notifier']);
  });

  it('a release that depends on no task reads no more than its Docker inputs', () => {
    expect(dependencyInputRoots({ ...context, taskGraph: { ...context.taskGraph!, dependencies: { 'notifier:release': [] } } })).toEqual([]);
    expect(dependencyInputRoots({ ...context, taskGraph: undefined })).toEqual([]);
  });
});
