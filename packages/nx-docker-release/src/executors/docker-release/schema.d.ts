/** The executor's options type lives with the pure release core that reads it. */
export type * from '../../release/options';
