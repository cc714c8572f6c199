import { nameOfRoute } from '../src/api';

describe('nameOfRoute', () => {
  it.each([
    ['POST /orders', 'post-orders'],
    ['PUT /orders/{orderId}/notes', 'put-orders-notes'],
    ['GET /loyalty.points/{proxy+}', 'get-loyalty-points'],
  ])('names %s %s', (route, name) => {
    expect(nameOfRoute(route)).toBe(name);
  });
});
