import type { Principal } from '$lib/server/auth/principal';

declare global {
  namespace App {
    interface Locals {
      /** Set by hooks.server.ts from the session cookie or bearer token; null when nobody is signed in. */
      principal: Principal | null;
    }
    interface Error {
      message: string;
    }
    interface PageData {
      principal?: {
        kind: 'user' | 'display';
        name: string;
        role: Principal['role'];
        units: string[];
        sites: string[];
      } | null;
    }
  }
}

export {};
