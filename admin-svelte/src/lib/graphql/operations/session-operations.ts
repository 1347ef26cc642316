import { graphql } from '../graphql.ts';

/** Who the admin key is and what its role may do; sign-in checks the key with it. */
export const Me = graphql(`query Me { me { name role tokenId } }`);
