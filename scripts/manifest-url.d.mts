export declare const DEV_BASE_URL: "https://localhost:3000/";
export declare function normalizeBaseUrl(url: string): string;
export declare function rewriteManifestUrls(xml: string, url: string): string;
export declare function localhostManifestWarning(): string;
