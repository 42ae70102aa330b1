/** A throwaway nats-server on a free port (never the system one at 4222): the shared one. */
export { NatsServer } from "@anju/kernel/testing";
