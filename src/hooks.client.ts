import { z } from 'zod';

// zod compiles fast validators with `new Function` when it may. The pages' CSP forbids eval,
// so the probe would only be refused (and reported as a violation): validate without it.
z.config({ jitless: true });
