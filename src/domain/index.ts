/** The pure domain layer: register rules with no I/O. Import from here or from the individual modules. */
export * from './codes';
export * from './time';
export * from './registerWindow';
export * from './merge';
export * from './schoolDays';
export * from './schoolWeeks';
export * from './lates';
export * from './officeCodes';
export * from './statistics';
export * from './thresholds';
