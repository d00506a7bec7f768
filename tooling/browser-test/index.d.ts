export declare const CHROMIUM: string;
export declare const CHROMIUM_FLAGS: string[];
export declare const hasChromium: boolean;
export declare function serveStatic(
  root: string,
): Promise<{ url: string; close: () => Promise<void> }>;
