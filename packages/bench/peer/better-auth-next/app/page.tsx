export default function Page() {
  return <p>Better Auth peer for the rotation-servers benchmark.</p>;
}
