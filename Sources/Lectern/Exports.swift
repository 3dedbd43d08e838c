// The protocol's shared types (`TableData`, `Display`, `Event`) are part of
// the runner's API too.
@_exported import LecternProtocol
