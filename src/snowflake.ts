// A Discord id (snowflake) as it appears in payloads, custom ids and settings: the one pattern every layer
// checks ids with (configuration included, so it lives at the bottom).
export const SNOWFLAKE = /^\d{17,20}$/;
