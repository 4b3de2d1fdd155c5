// The request header through which Rotor's web host (server/create-web-host.ts) hands the socket's peer
// address to the app. The host always overwrites it, so a client cannot choose its value.
export const PEER_ADDRESS_HEADER = "x-rotor-peer-address";
