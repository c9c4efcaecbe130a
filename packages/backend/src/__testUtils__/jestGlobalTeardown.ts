import { teardown } from './jestGlobalSetup';

export default teardown;
