"""The one conversation engine: a flow is a declared Form (spec) run by the engine (engine, flow)."""
