/**
 * `aks-backup/emulator`: the ARM emulator, for scripts written before it became its own package.
 * It re-exports `aks-backup-emulator`, which must be installed beside the library (an optional
 * peer dependency: `npm install --save-dev aks-backup-emulator`). New code imports
 * `aks-backup-emulator` itself.
 *
 * @deprecated Import from `aks-backup-emulator`.
 * @packageDocumentation
 */
export * from "aks-backup-emulator";
